import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Int32Pipe, SchemaPipe, notFound, page, pageSchema, type PageQuery } from '@voltlane/api-kit';
import type { SessionQueryService } from '../application/session-query.service';
import type { CommandAnswer, SessionCommands } from '../application/session-commands';
import type {
  ClearProfileInput,
  CompositeScheduleInput,
  RemoteStartInput,
  ReportedProfilesInput,
  ReservationInput,
  SetProfileInput,
} from '../domain/session-payloads';
import type { ReservationStatus } from '../persistence/reservation.entity';
import { profileItem, reservationItem, sessionDetail, sessionItem } from './dto';
import { ApiQueries, CommandResponses, ReadResponses } from './openapi';
import {
  chargingProfileSchema,
  clearProfileQuerySchema,
  compositeQuerySchema,
  profileListQuerySchema,
  remoteStartBodySchema,
  remoteStopBodySchema,
  reportedQuerySchema,
  reservationBodySchema,
  reservationListQuerySchema,
  reservationSchema,
  sessionDetailSchema,
  sessionListQuerySchema,
  sessionSchema,
  setProfileBodySchema,
  stationReservationListQuerySchema,
  timeoutQuerySchema,
} from './schemas';
import { SESSION_COMMANDS, SESSION_QUERIES } from './session-api.tokens';

interface Timeout {
  timeoutMs?: number;
}

@ApiTags('sessions')
@Controller('api/v1/sessions')
export class SessionsController {
  constructor(
    @Inject(SESSION_QUERIES) private readonly queries: SessionQueryService,
    @Inject(SESSION_COMMANDS) private readonly commands: SessionCommands,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listSessions',
    summary: 'Sessions, active and past, newest first',
    description:
      'Pages through charging sessions of every station, newest first; filter by station, status (active/ended), id token, start time range, or sessions with anomalies.',
  })
  @ApiQueries(sessionListQuerySchema)
  @ReadResponses(pageSchema(sessionSchema))
  async list(
    @Query(new SchemaPipe(sessionListQuerySchema, 'query'))
    query: PageQuery & { stationId?: string; status?: string; idTokenKey?: string; from?: string; to?: string; anomalies?: boolean },
  ) {
    const { items, total } = await this.queries.page({
      stationId: query.stationId,
      status: query.status === undefined ? undefined : query.status.toLowerCase() === 'active' ? 'Active' : 'Ended',
      idTokenKey: query.idTokenKey,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
      anomaliesOnly: query.anomalies === true,
      limit: query.limit,
      offset: query.offset,
    });
    return page(items.map(sessionItem), total, query);
  }

  @Get(':sessionId')
  @ApiOperation({
    operationId: 'getSession',
    summary: 'One session with its charging/idle periods, anomalies and remote start',
    description:
      'A session with its charging and idle periods, meter values summary, anomalies found while it ran, and the remote start that began it (if any).',
  })
  @ApiParam({ name: 'sessionId', schema: { type: 'string', format: 'uuid' } })
  @ReadResponses(sessionDetailSchema)
  async detail(@Param('sessionId', new ParseUUIDPipe({ exceptionFactory: () => notFound('Session not found') })) sessionId: string) {
    const session = await this.queries.findById(sessionId);
    if (!session) throw notFound(`Session ${sessionId} not found`);
    return sessionDetail(session, await this.queries.remoteStartOfSession(sessionId));
  }

  @Post(':sessionId/stop')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'stopSession',
    summary: 'Remote stop of an active session (1.6 RemoteStopTransaction / 2.x RequestStopTransaction)',
    description:
      'Asks the station of an active session to stop it (RemoteStopTransaction on 1.6, RequestStopTransaction on 2.x) and answers with the station’s response; the session ends when the station reports it.',
  })
  @ApiParam({ name: 'sessionId', schema: { type: 'string', format: 'uuid' } })
  @ApiQueries(timeoutQuerySchema)
  @CommandResponses()
  stop(
    @Param('sessionId', new ParseUUIDPipe({ exceptionFactory: () => notFound('Session not found') })) sessionId: string,
    @Query(new SchemaPipe(timeoutQuerySchema, 'query')) query: Timeout,
  ): Promise<CommandAnswer> {
    return this.commands.stopSession(sessionId, query.timeoutMs);
  }
}

@ApiTags('reservations')
@Controller('api/v1/reservations')
export class ReservationsController {
  constructor(@Inject(SESSION_QUERIES) private readonly queries: SessionQueryService) {}

  @Get()
  @ApiOperation({
    operationId: 'listReservations',
    summary: 'Reservations of every station, newest first',
    description: 'Pages through reservations of every station, newest first; filter by station and status.',
  })
  @ApiQueries(reservationListQuerySchema)
  @ReadResponses(pageSchema(reservationSchema))
  async list(
    @Query(new SchemaPipe(reservationListQuerySchema, 'query')) query: PageQuery & { stationId?: string; status?: ReservationStatus },
  ) {
    const { items, total } = await this.queries.reservationPage({
      stationId: query.stationId,
      status: query.status,
      limit: query.limit,
      offset: query.offset,
    });
    return page(items.map(reservationItem), total, query);
  }
}

const stationParam = ApiParam({ name: 'id', description: 'Station id', schema: { type: 'string' } });

@ApiTags('sessions')
@Controller('api/v1/stations/:id')
export class StationSessionController {
  constructor(
    @Inject(SESSION_QUERIES) private readonly queries: SessionQueryService,
    @Inject(SESSION_COMMANDS) private readonly commands: SessionCommands,
  ) {}

  @Post('remote-start')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'remoteStart',
    summary: 'Remote start (1.6 RemoteStartTransaction / 2.x RequestStartTransaction with a generated remoteStartId)',
    description:
      'Asks the station to start charging for an id token (RemoteStartTransaction on 1.6, RequestStartTransaction on 2.x with a generated remoteStartId) and answers with the station’s response. The session itself begins when the station reports it.',
  })
  @stationParam
  @ApiBody({ schema: remoteStartBodySchema })
  @ApiQueries(timeoutQuerySchema)
  @CommandResponses({ remoteStartId: { type: 'integer' } })
  remoteStart(
    @Param('id') stationId: string,
    @Body(new SchemaPipe(remoteStartBodySchema)) body: RemoteStartInput,
    @Query(new SchemaPipe(timeoutQuerySchema, 'query')) query: Timeout,
  ): Promise<CommandAnswer> {
    return this.commands.remoteStart(stationId, body, query.timeoutMs);
  }

  @Post('remote-stop')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'remoteStop',
    summary: 'Remote stop by transaction id (1.6 integer / 2.x string)',
    description:
      'Asks the station to stop a transaction by its id (the CSMS integer id on 1.6, the station’s string id on 2.x) and answers with the station’s response.',
  })
  @stationParam
  @ApiBody({ schema: remoteStopBodySchema })
  @ApiQueries(timeoutQuerySchema)
  @CommandResponses()
  remoteStop(
    @Param('id') stationId: string,
    @Body(new SchemaPipe(remoteStopBodySchema)) body: { transactionId: string | number },
    @Query(new SchemaPipe(timeoutQuerySchema, 'query')) query: Timeout,
  ): Promise<CommandAnswer> {
    return this.commands.remoteStop(stationId, body.transactionId, query.timeoutMs);
  }

  @Get('reservations')
  @ApiOperation({
    operationId: 'listStationReservations',
    summary: "The station's reservations",
    description: 'Pages through the reservations of one station, newest first; filter by status.',
  })
  @stationParam
  @ApiQueries(stationReservationListQuerySchema)
  @ReadResponses(pageSchema(reservationSchema))
  async reservations(
    @Param('id') stationId: string,
    @Query(new SchemaPipe(stationReservationListQuerySchema, 'query')) query: PageQuery & { status?: ReservationStatus },
  ) {
    const { items, total } = await this.queries.reservationPage({
      stationId,
      status: query.status,
      limit: query.limit,
      offset: query.offset,
    });
    return page(items.map(reservationItem), total, query);
  }

  @Get('reservations/:reservationId')
  @ApiOperation({
    operationId: 'getStationReservation',
    summary: 'One reservation',
    description: 'One reservation of a station by its reservation id, with its status.',
  })
  @stationParam
  @ApiParam({ name: 'reservationId', schema: { type: 'integer' } })
  @ReadResponses(reservationSchema)
  async reservation(@Param('id') stationId: string, @Param('reservationId', Int32Pipe) reservationId: number) {
    const reservation = await this.queries.reservation(stationId, reservationId);
    if (!reservation) throw notFound(`Reservation ${reservationId} of station ${stationId} not found`);
    return reservationItem(reservation);
  }

  @Post('reservations')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'reserveNow',
    summary: 'Reserve (ReserveNow with a generated reservation id)',
    description:
      'Reserves an EVSE or connector of the station for an id token until an expiry time (ReserveNow with a reservation id the CSMS generates) and answers with the station’s response.',
  })
  @stationParam
  @ApiBody({ schema: reservationBodySchema })
  @ApiQueries(timeoutQuerySchema)
  @CommandResponses({ reservationId: { type: 'integer' } })
  reserve(
    @Param('id') stationId: string,
    @Body(new SchemaPipe(reservationBodySchema)) body: ReservationInput,
    @Query(new SchemaPipe(timeoutQuerySchema, 'query')) query: Timeout,
  ): Promise<CommandAnswer> {
    return this.commands.reserve(stationId, body, query.timeoutMs);
  }

  @Delete('reservations/:reservationId')
  @ApiOperation({
    operationId: 'cancelReservation',
    summary: 'Cancel a reservation (CancelReservation)',
    description: 'Cancels a reservation on the station (CancelReservation) and answers with the station’s response.',
  })
  @stationParam
  @ApiParam({ name: 'reservationId', schema: { type: 'integer' } })
  @ApiQueries(timeoutQuerySchema)
  @CommandResponses()
  cancel(
    @Param('id') stationId: string,
    @Param('reservationId', Int32Pipe) reservationId: number,
    @Query(new SchemaPipe(timeoutQuerySchema, 'query')) query: Timeout,
  ): Promise<CommandAnswer> {
    return this.commands.cancelReservation(stationId, reservationId, query.timeoutMs);
  }

  @Put('charging-profiles')
  @ApiOperation({
    operationId: 'setChargingProfile',
    summary: "Set a charging profile (SetChargingProfile, the profile in the station's version schema)",
    description:
      'Sends a charging profile to the station (SetChargingProfile; the profile as the station’s OCPP version defines it) and stores it once the station accepts it.',
  })
  @stationParam
  @ApiBody({ schema: setProfileBodySchema })
  @ApiQueries(timeoutQuerySchema)
  @CommandResponses()
  setProfile(
    @Param('id') stationId: string,
    @Body(new SchemaPipe(setProfileBodySchema)) body: SetProfileInput,
    @Query(new SchemaPipe(timeoutQuerySchema, 'query')) query: Timeout,
  ): Promise<CommandAnswer> {
    return this.commands.setChargingProfile(stationId, body, query.timeoutMs);
  }

  @Delete('charging-profiles')
  @ApiOperation({
    operationId: 'clearChargingProfiles',
    summary: 'Clear charging profiles (ClearChargingProfile: by id, or by EVSE/connector, purpose and stack level)',
    description:
      'Clears charging profiles on the station (ClearChargingProfile), by profile id or by EVSE/connector, purpose and stack level, and answers with the station’s response.',
  })
  @stationParam
  @ApiQueries(clearProfileQuerySchema)
  @CommandResponses()
  clearProfiles(
    @Param('id') stationId: string,
    @Query(new SchemaPipe(clearProfileQuerySchema, 'query')) query: ClearProfileInput & Timeout,
  ): Promise<CommandAnswer> {
    const { timeoutMs, ...filter } = query;
    return this.commands.clearChargingProfile(stationId, filter, timeoutMs);
  }

  @Get('charging-profiles')
  @ApiOperation({
    operationId: 'listChargingProfiles',
    summary: 'Charging profiles the station accepted and has not cleared',
    description:
      'Pages through the charging profiles the station accepted and has not cleared, as the CSMS stored them; filter by EVSE and purpose.',
  })
  @stationParam
  @ApiQueries(profileListQuerySchema)
  @ReadResponses(pageSchema(chargingProfileSchema))
  async profiles(
    @Param('id') stationId: string,
    @Query(new SchemaPipe(profileListQuerySchema, 'query')) query: PageQuery & { evseId?: number; purpose?: string },
  ) {
    const { items, total } = await this.queries.chargingProfiles(stationId, query);
    return page(items.map(profileItem), total, query);
  }

  @Get('charging-profiles/reported')
  @ApiOperation({
    operationId: 'requestChargingProfileReport',
    summary: 'Ask a 2.x station to report its profiles (GetChargingProfiles; the reports arrive as ReportChargingProfiles)',
    description:
      'Asks a 2.x station to report its installed charging profiles (GetChargingProfiles with a generated requestId); the profiles arrive afterwards as ReportChargingProfiles.',
  })
  @stationParam
  @ApiQueries(reportedQuerySchema)
  @CommandResponses({ requestId: { type: 'integer' } })
  reported(
    @Param('id') stationId: string,
    @Query(new SchemaPipe(reportedQuerySchema, 'query')) query: ReportedProfilesInput & Timeout,
  ): Promise<CommandAnswer> {
    const { timeoutMs, ...filter } = query;
    return this.commands.reportedProfiles(stationId, filter, timeoutMs);
  }

  @Get('charging-profiles/:profileId')
  @ApiOperation({
    operationId: 'getChargingProfile',
    summary: 'One stored charging profile',
    description: 'One charging profile the station accepted, by its profile id.',
  })
  @stationParam
  @ApiParam({ name: 'profileId', schema: { type: 'integer' } })
  @ReadResponses(chargingProfileSchema)
  async profile(@Param('id') stationId: string, @Param('profileId', Int32Pipe) profileId: number) {
    const profile = await this.queries.chargingProfile(stationId, profileId);
    if (!profile) throw notFound(`Charging profile ${profileId} of station ${stationId} not found`);
    return profileItem(profile);
  }

  @Get('composite-schedule')
  @ApiOperation({
    operationId: 'getCompositeSchedule',
    summary: 'The composite schedule (GetCompositeSchedule)',
    description:
      'Asks the station for its composite schedule of an EVSE or connector over a duration (GetCompositeSchedule) and answers with the station’s response.',
  })
  @stationParam
  @ApiQueries(compositeQuerySchema)
  @CommandResponses()
  composite(
    @Param('id') stationId: string,
    @Query(new SchemaPipe(compositeQuerySchema, 'query')) query: CompositeScheduleInput & Timeout,
  ): Promise<CommandAnswer> {
    const { timeoutMs, ...input } = query;
    return this.commands.compositeSchedule(stationId, input, timeoutMs);
  }

  @Get('transactions/:transactionId/status')
  @ApiOperation({
    operationId: 'getTransactionStatus',
    summary: 'Transaction status on a 2.x station (GetTransactionStatus)',
    description: 'Asks a 2.x station whether a transaction is ongoing and whether messages of it are still queued (GetTransactionStatus).',
  })
  @stationParam
  @ApiParam({ name: 'transactionId', schema: { type: 'string', maxLength: 36 } })
  @ApiQueries(timeoutQuerySchema)
  @CommandResponses()
  transactionStatus(
    @Param('id') stationId: string,
    @Param('transactionId') transactionId: string,
    @Query(new SchemaPipe(timeoutQuerySchema, 'query')) query: Timeout,
  ): Promise<CommandAnswer> {
    return this.commands.transactionStatus(stationId, transactionId, query.timeoutMs);
  }
}
