import { OperatorCommands, badRequest, conflict, notFound, type CommandAnswer } from '@voltlane/api-kit';
import type { OcppVersion } from '@voltlane/ocpp';
import type { ServicePorts } from '@voltlane/service-kit';
import type { ChargingProfileRepository } from '../persistence/charging-profile.repository';
import type { RemoteStartRepository } from '../persistence/remote-start.repository';
import type { ReservationRepository } from '../persistence/reservation.repository';
import type { SessionRepository } from '../persistence/session.repository';
import {
  UnsupportedForVersion,
  cancelReservationCommand,
  clearChargingProfileCommand,
  compositeScheduleCommand,
  idToken2x,
  idTokenValue,
  remoteStartCommand,
  remoteStopCommand,
  reportedProfilesCommand,
  reserveNowCommand,
  setChargingProfileCommand,
  transactionStatusCommand,
  type ClearProfileInput,
  type CompositeScheduleInput,
  type OcppCommand,
  type RemoteStartInput,
  type ReportedProfilesInput,
  type ReservationInput,
  type SetProfileInput,
} from '../domain/session-payloads';

export type { CommandAnswer } from '@voltlane/api-kit';

export interface SendOptions {
  timeoutMs?: number;
}

/**
 * Sends the session-owned commands to stations through the shared operator-command path
 * (`OperatorCommands`: the station's protocol from the connection registry, the boot policy,
 * schema validation, the answer as HTTP): a friendly request (remote start, reservations,
 * charging profiles) is mapped to its version's payload first. The result is published on
 * ocpp.commands.v1 by the command client; CommandResultsConsumer applies it.
 */
export class SessionCommands {
  /** The shared operator-command path; also the sender of the session-owned typed endpoints. */
  readonly operator: OperatorCommands;

  constructor(
    ports: ServicePorts,
    private readonly sessions: SessionRepository,
    private readonly reservations: ReservationRepository,
    private readonly profiles: ChargingProfileRepository,
    private readonly remoteStarts: RemoteStartRepository,
  ) {
    this.operator = new OperatorCommands(ports);
  }

  /**
   * Sends `build(protocol)` to the station. `before` runs after every check, just before the send
   * (to record what the answer will refer to).
   */
  send(
    stationId: string,
    label: string,
    build: (protocol: OcppVersion) => OcppCommand,
    options: SendOptions = {},
    before?: (protocol: OcppVersion, command: OcppCommand) => Promise<void>,
  ): Promise<CommandAnswer> {
    return this.operator.send({
      stationId,
      label,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      build: (protocol) => {
        try {
          return build(protocol);
        } catch (error) {
          if (error instanceof UnsupportedForVersion)
            throw badRequest(error.message, { stationId, protocol, code: 'unsupported-for-version' });
          throw error;
        }
      },
      ...(before
        ? { beforeSend: (protocol: OcppVersion, action: string, payload: Record<string, unknown>) => before(protocol, { action, payload }) }
        : {}),
    });
  }

  async remoteStart(stationId: string, input: RemoteStartInput, timeoutMs?: number): Promise<CommandAnswer> {
    const remoteStartId = await this.remoteStarts.nextRemoteStartId();
    const answer = await this.send(
      stationId,
      'RemoteStart',
      (protocol) => remoteStartCommand(protocol, input, remoteStartId),
      { timeoutMs },
      async (protocol) => {
        const is16 = protocol === 'ocpp1.6';
        await this.remoteStarts.request({
          stationId,
          remoteStartId,
          protocol,
          idToken: idTokenValue(input.idToken),
          idTokenType: is16 ? null : idToken2x(input.idToken).type,
          evseId: is16 ? null : (input.evseId ?? input.connectorId ?? null),
          connectorId: is16 ? (input.connectorId ?? input.evseId ?? null) : null,
          requestedAt: new Date(),
        });
      },
    );
    return { ...answer, remoteStartId };
  }

  async stopSession(sessionId: string, timeoutMs?: number): Promise<CommandAnswer> {
    const session = await this.sessions.findById(sessionId);
    if (!session) throw notFound(`Session ${sessionId} not found`);
    if (session.status !== 'Active') throw conflict(`Session ${sessionId} has already ended`, { sessionId });
    return this.remoteStop(session.stationId, session.transactionId ?? session.transactionRef, timeoutMs);
  }

  async remoteStop(stationId: string, transactionRef: string | number, timeoutMs?: number): Promise<CommandAnswer> {
    return this.send(stationId, 'RemoteStop', (protocol) => remoteStopCommand(protocol, transactionRef), { timeoutMs });
  }

  async reserve(stationId: string, input: ReservationInput, timeoutMs?: number): Promise<CommandAnswer> {
    const reservationId = await this.reservations.nextReservationId();
    const answer = await this.send(stationId, 'ReserveNow', (protocol) => reserveNowCommand(protocol, input, reservationId), { timeoutMs });
    return { ...answer, reservationId };
  }

  cancelReservation(stationId: string, reservationId: number, timeoutMs?: number): Promise<CommandAnswer> {
    return this.send(stationId, 'CancelReservation', () => cancelReservationCommand(reservationId), { timeoutMs });
  }

  setChargingProfile(stationId: string, input: SetProfileInput, timeoutMs?: number): Promise<CommandAnswer> {
    return this.send(stationId, 'SetChargingProfile', (protocol) => setChargingProfileCommand(protocol, input), { timeoutMs });
  }

  clearChargingProfile(stationId: string, input: ClearProfileInput, timeoutMs?: number): Promise<CommandAnswer> {
    return this.send(stationId, 'ClearChargingProfile', (protocol) => clearChargingProfileCommand(protocol, input), { timeoutMs });
  }

  compositeSchedule(stationId: string, input: CompositeScheduleInput, timeoutMs?: number): Promise<CommandAnswer> {
    return this.send(stationId, 'GetCompositeSchedule', (protocol) => compositeScheduleCommand(protocol, input), { timeoutMs });
  }

  async reportedProfiles(stationId: string, input: ReportedProfilesInput, timeoutMs?: number): Promise<CommandAnswer> {
    const requestId = await this.profiles.nextRequestId();
    const answer = await this.send(stationId, 'GetChargingProfiles', (protocol) => reportedProfilesCommand(protocol, input, requestId), {
      timeoutMs,
    });
    return { ...answer, requestId };
  }

  transactionStatus(stationId: string, transactionId: string, timeoutMs?: number): Promise<CommandAnswer> {
    return this.send(stationId, 'GetTransactionStatus', (protocol) => transactionStatusCommand(protocol, transactionId), { timeoutMs });
  }
}
