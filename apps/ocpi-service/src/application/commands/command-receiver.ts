import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { OperatorCommands } from '@voltlane/api-kit';
import { ocppValidator, type OcppVersion } from '@voltlane/ocpp';
import {
  cancelReservationCall,
  reserveNowCall,
  startSessionCall,
  stopSessionCall,
  unlockConnectorCall,
  type OcppCall,
} from '../../domain/command-ocpp';
import {
  COMMAND_TYPES,
  englishText,
  isCommandType,
  parseCommand,
  type CommandRequest,
  type CommandResponse,
  type CommandResponseType,
  type ReserveNow,
  type StartSession,
  type StopSession,
  type UnlockConnector,
  type CancelReservation,
} from '../../domain/command-requests';
import type { OcpiCall } from '../../api/ocpi/ocpi-endpoint';
import { OcpiError, OcpiStatus } from '../../domain/ocpi-status';
import type { CommandRepository } from '../../persistence/command.repository';
import type { TokenRepository } from '../../persistence/token.repository';
import type { LocationsService } from '../locations/locations.service';
import { ownsParty, type TokenReceiver } from '../tokens/token-receiver';
import type { CommandExecutor } from './command-executor';

/** What the CPO decided before the station has the command: refused (with why), or what to send where. */
/** Where a command goes: a station EVSE of a location (the push part's locations: `resolveEvse`). */
interface LocatedEvse {
  stationId: string;
  evseId: number;
}

/** What commands read of the locations (the push part's LocationsService). */
export type CommandLocations = Pick<LocationsService, 'pullLocation' | 'resolveEvse'>;

type Decision =
  | { response: Exclude<CommandResponseType, 'ACCEPTED'>; reason: string; stationId?: string }
  | { response: 'ACCEPTED'; stationId: string; call: OcppCall; ocppId: number | null; before?: () => Promise<void> };

const refuse = (reason: string, stationId?: string): Decision => ({ response: 'REJECTED', reason, ...(stationId ? { stationId } : {}) });

/**
 * 2003 for a location or EVSE this CPO does not publish: HTTP 200, the request itself reached the
 * OCPI layer (status_codes: no HTTP error then; the spec's UNLOCK_CONNECTOR example).
 */
const unknownLocation = (message: string): OcpiError => new OcpiError(OcpiStatus.UnknownLocation, 200, message);

/**
 * The commands receiver (mod_commands, CPO side): checks a command and answers at once with a
 * CommandResponse (ACCEPTED, or REJECTED / UNKNOWN_SESSION with the reason; an unknown location or
 * EVSE is status 2003), then the executor sends it to the charge point and reports the result to
 * the eMSP's response_url. START_SESSION and RESERVE_NOW take tokens of the caller's parties only
 * (and authorize that token for 15 minutes); STOP_SESSION only sessions of them; CANCEL_RESERVATION
 * only the caller's reservations. Every command is stored in `commands` with what was answered.
 */
export class CommandReceiver {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandRepository,
    private readonly tokens: TokenRepository,
    private readonly receiver: TokenReceiver,
    private readonly locations: CommandLocations,
    private readonly operator: OperatorCommands,
    private readonly executor: CommandExecutor,
    private readonly timeoutS: number,
    private readonly logger: Logger,
  ) {}

  async receive(call: OcpiCall, command: string, body: unknown): Promise<CommandResponse> {
    if (!isCommandType(command)) throw OcpiError.badRequest(`Unknown command ${command}: one of ${COMMAND_TYPES.join(', ')}`);
    const parsed = parseCommand(command, body);
    if (!parsed.ok) throw OcpiError.badRequest(parsed.message);
    const request = parsed.value;
    const decision = await this.decide(call, request);
    const commandId = randomUUID();
    const db = this.dataSource.manager;
    const base = { commandId, partnerId: call.partner.partnerId, command, request };
    if (decision.response !== 'ACCEPTED') {
      await this.commands.insert(db, {
        ...base,
        response: decision.response,
        stationId: decision.stationId ?? null,
        ocppId: null,
        message: decision.reason,
      });
      this.logger.info(
        { commandId, command, partnerId: call.partner.partnerId, response: decision.response, reason: decision.reason },
        'command refused',
      );
      return { result: decision.response, timeout: this.timeoutS, message: englishText(decision.reason) };
    }
    await decision.before?.();
    await this.commands.insert(db, { ...base, response: 'ACCEPTED', stationId: decision.stationId, ocppId: decision.ocppId });
    const token = 'token' in request ? request.token : undefined;
    const to = call.from ?? (token ? { countryCode: token.country_code, partyId: token.party_id } : undefined);
    this.executor.run({
      commandId,
      partnerId: call.partner.partnerId,
      command,
      responseUrl: request.response_url,
      ...(to ? { to } : {}),
      stationId: decision.stationId,
      call: decision.call,
    });
    this.logger.info({ commandId, command, partnerId: call.partner.partnerId, stationId: decision.stationId }, 'command accepted');
    return { result: 'ACCEPTED', timeout: this.timeoutS };
  }

  private decide(call: OcpiCall, request: CommandRequest): Promise<Decision> {
    switch (request.command) {
      case 'START_SESSION':
        return this.startSession(call, request);
      case 'STOP_SESSION':
        return this.stopSession(call, request);
      case 'RESERVE_NOW':
        return this.reserveNow(call, request);
      case 'CANCEL_RESERVATION':
        return this.cancelReservation(call, request);
      case 'UNLOCK_CONNECTOR':
        return this.unlockConnector(request);
    }
  }

  private async startSession(call: OcpiCall, request: StartSession): Promise<Decision> {
    const { token } = request;
    if (!ownsParty(call.partner, token.country_code, token.party_id))
      return refuse(`The token belongs to ${token.country_code}*${token.party_id}, which is not one of your parties`);
    const evse = await this.evseFor(request.location_id, request.evse_uid);
    if ('refused' in evse) return evse.refused;
    const protocol = await this.protocolOf(evse.stationId);
    if (!protocol) return refuse('The charge point is not connected', evse.stationId);
    const ocppId = protocol === 'ocpp1.6' ? null : await this.commands.nextOcppId(this.dataSource.manager);
    const ocpp = startSessionCall(protocol, token, evse.evseId, ocppId ?? 0);
    return this.accepted(evse.stationId, protocol, ocpp, ocppId, () => this.receiver.authorizeForCommand(call.partner, token));
  }

  private async stopSession(call: OcpiCall, request: StopSession): Promise<Decision> {
    const session = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(request.session_id)
      ? await this.commands.sessionTransaction(this.dataSource.manager, request.session_id.toLowerCase())
      : undefined;
    if (!session) return { response: 'UNKNOWN_SESSION', reason: `No session ${request.session_id}` };
    const value = session.idTokenKey.slice(session.idTokenKey.indexOf(':') + 1);
    const parties = await this.tokens.partiesOfUid(this.dataSource.manager, value);
    if (!parties.some((p) => ownsParty(call.partner, p.countryCode, p.partyId)))
      return refuse('The session is not one of a token of your parties', session.stationId);
    if (session.ended) return refuse('The session has ended', session.stationId);
    const protocol = await this.protocolOf(session.stationId);
    if (!protocol) return refuse('The charge point is not connected', session.stationId);
    const ocpp = stopSessionCall(protocol, session.transactionRef);
    if ('unsupported' in ocpp) return refuse(`The session cannot be stopped remotely: ${ocpp.unsupported}`, session.stationId);
    return this.accepted(session.stationId, protocol, ocpp, null);
  }

  private async reserveNow(call: OcpiCall, request: ReserveNow): Promise<Decision> {
    const { token } = request;
    if (!ownsParty(call.partner, token.country_code, token.party_id))
      return refuse(`The token belongs to ${token.country_code}*${token.party_id}, which is not one of your parties`);
    const evse = await this.evseFor(request.location_id, request.evse_uid);
    if ('refused' in evse) return evse.refused;
    if (Date.parse(request.expiry_date) <= Date.now()) return refuse('expiry_date has passed', evse.stationId);
    const protocol = await this.protocolOf(evse.stationId);
    if (!protocol) return refuse('The charge point is not connected', evse.stationId);
    // The same reservation_id again replaces the reservation: the station gets the same id.
    const earlier = await this.commands.reservation(this.dataSource.manager, call.partner.partnerId, request.reservation_id);
    const ocppId =
      earlier && earlier.stationId === evse.stationId ? earlier.ocppId : await this.commands.nextOcppId(this.dataSource.manager);
    const evseId = request.evse_uid === undefined ? null : evse.evseId;
    const ocpp = reserveNowCall(protocol, token, evseId, request.expiry_date, ocppId);
    return this.accepted(evse.stationId, protocol, ocpp, ocppId, () => this.receiver.authorizeForCommand(call.partner, token));
  }

  private async cancelReservation(call: OcpiCall, request: CancelReservation): Promise<Decision> {
    const reservation = await this.commands.reservation(this.dataSource.manager, call.partner.partnerId, request.reservation_id);
    if (!reservation) return refuse(`No reservation ${request.reservation_id} of yours`);
    const protocol = await this.protocolOf(reservation.stationId);
    if (!protocol) return refuse('The charge point is not connected', reservation.stationId);
    return this.accepted(reservation.stationId, protocol, cancelReservationCall(reservation.ocppId), reservation.ocppId);
  }

  private async unlockConnector(request: UnlockConnector): Promise<Decision> {
    const evse = await this.evseFor(request.location_id, request.evse_uid);
    if ('refused' in evse) return evse.refused;
    const protocol = await this.protocolOf(evse.stationId);
    if (!protocol) return refuse('The charge point is not connected', evse.stationId);
    return this.accepted(evse.stationId, protocol, unlockConnectorCall(protocol, evse.evseId, request.connector_id), null);
  }

  /** ACCEPTED when the call fits the station's version (e.g. a 1.6 idTag is at most 20 characters). */
  private accepted(
    stationId: string,
    protocol: OcppVersion,
    ocpp: OcppCall,
    ocppId: number | null,
    before?: () => Promise<void>,
  ): Decision {
    const valid = ocppValidator.validateRequest(protocol, ocpp.action, ocpp.payload);
    if (!valid.ok) return refuse(`The command does not fit the charge point (${protocol} ${ocpp.action}): ${valid.message}`, stationId);
    return { response: 'ACCEPTED', stationId, call: ocpp, ocppId, ...(before ? { before } : {}) };
  }

  /**
   * The EVSE a command names at a location (2003 for an unknown location or EVSE), or, without
   * one, the first AVAILABLE EVSE of the location (REJECTED when none is).
   */
  private async evseFor(locationId: string, evseUid: string | undefined): Promise<LocatedEvse | { refused: Decision }> {
    const location = await this.locations.pullLocation(locationId);
    if (!location) throw unknownLocation(`Unknown location ${locationId}`);
    const uid = evseUid ?? location.evses.find((e) => e.status === 'AVAILABLE')?.uid;
    if (uid === undefined) return { refused: refuse(`No EVSE of location ${locationId} is available`) };
    const evse = await this.locations.resolveEvse(location.id, uid);
    if (!evse) throw unknownLocation(`Unknown EVSE ${uid} at location ${locationId}`);
    return evse;
  }

  private async protocolOf(stationId: string): Promise<OcppVersion | undefined> {
    try {
      return await this.operator.connectedProtocol(stationId);
    } catch {
      return undefined;
    }
  }
}
