import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { badRequest, commandResponse, conflict, notFound } from '@voltlane/api-kit';
import type { CommandResultEnvelope } from '@voltlane/contracts';
import { ocppValidator, type OcppVersion } from '@voltlane/ocpp';
import type { ServicePorts } from '@voltlane/service-kit';
import { SERVICE_PORTS } from '../config/injection-tokens';
import { ChargingProfileRepository } from '../persistence/charging-profile.repository';
import { RemoteStartRepository } from '../persistence/remote-start.repository';
import { ReservationRepository } from '../persistence/reservation.repository';
import { SessionRepository } from '../persistence/session.repository';
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
} from './session-payloads';

/** The HTTP answer of a command: the station's answer, plus the ids the CSMS generated. */
export interface CommandAnswer {
  protocol: string | undefined;
  result: Record<string, unknown>;
  [generated: string]: unknown;
}

export interface SendOptions {
  timeoutMs?: number;
  /** Remote start/stop and reservations: only to a station whose boot was Accepted (not Pending). */
  requireAccepted?: boolean;
}

/**
 * Sends the session-owned commands to stations: the station's protocol from the connection
 * registry, the friendly request mapped to that version's payload and checked against its
 * schema, the boot status respected, and the answer as HTTP (commandResponse). The result is
 * published on ocpp.commands.v1 by the command client; CommandResultsConsumer applies it.
 */
@Injectable()
export class SessionCommands {
  constructor(
    @Inject(SERVICE_PORTS) private readonly ports: ServicePorts,
    @Inject(SessionRepository) private readonly sessions: SessionRepository,
    @Inject(ReservationRepository) private readonly reservations: ReservationRepository,
    @Inject(ChargingProfileRepository) private readonly profiles: ChargingProfileRepository,
    @Inject(RemoteStartRepository) private readonly remoteStarts: RemoteStartRepository,
  ) {}

  /** The station's protocol, or 409 (not connected). */
  async protocolOf(stationId: string, action: string): Promise<OcppVersion> {
    const entry = await this.ports.registry.lookup(stationId);
    if (!entry) {
      const offline: CommandResultEnvelope = {
        kind: 'command-result',
        correlationId: randomUUID(),
        stationId,
        outcome: 'offline',
        reason: 'station is not connected',
        request: { action, payload: {} },
      };
      commandResponse(offline);
      throw new Error('unreachable: an offline result is a 409');
    }
    return entry.protocol;
  }

  /**
   * Sends `build(protocol)` to the station. `before` runs after every check, just before the send
   * (to record what the answer will refer to).
   */
  async send(
    stationId: string,
    label: string,
    build: (protocol: OcppVersion) => OcppCommand,
    options: SendOptions = {},
    before?: (protocol: OcppVersion, command: OcppCommand) => Promise<void>,
  ): Promise<CommandAnswer> {
    const protocol = await this.protocolOf(stationId, label);
    await this.checkBoot(stationId, label, options.requireAccepted ?? false);
    let command: OcppCommand;
    try {
      command = build(protocol);
    } catch (error) {
      if (error instanceof UnsupportedForVersion) throw badRequest(error.message, { stationId, protocol });
      throw error;
    }
    this.validate(stationId, protocol, command);
    await before?.(protocol, command);
    const result = await this.ports.commands.send(stationId, command.action, command.payload, { timeoutMs: options.timeoutMs });
    return commandResponse(result);
  }

  /** A raw, official-schema payload for a version the caller chose: 400 when the station speaks another. */
  async sendRaw(stationId: string, version: OcppVersion, action: string, payload: Record<string, unknown>, timeoutMs?: number): Promise<CommandAnswer> {
    return this.send(
      stationId,
      action,
      (protocol) => {
        if (protocol !== version) throw new UnsupportedForVersion(`Station ${stationId} speaks ${protocol}, not ${version}`);
        return { action, payload };
      },
      { timeoutMs, requireAccepted: REQUIRE_ACCEPTED.has(action) },
    );
  }

  async remoteStart(stationId: string, input: RemoteStartInput, timeoutMs?: number): Promise<CommandAnswer> {
    const remoteStartId = await this.remoteStarts.nextRemoteStartId();
    const answer = await this.send(stationId, 'RemoteStart', (protocol) => remoteStartCommand(protocol, input, remoteStartId), { timeoutMs, requireAccepted: true }, async (protocol) => {
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
    });
    return { ...answer, remoteStartId };
  }

  async stopSession(sessionId: string, timeoutMs?: number): Promise<CommandAnswer> {
    const session = await this.sessions.findById(sessionId);
    if (!session) throw notFound(`Session ${sessionId} not found`);
    if (session.status !== 'Active') throw conflict(`Session ${sessionId} has already ended`, { sessionId });
    return this.remoteStop(session.stationId, session.transactionId ?? session.transactionRef, timeoutMs);
  }

  async remoteStop(stationId: string, transactionRef: string | number, timeoutMs?: number): Promise<CommandAnswer> {
    return this.send(stationId, 'RemoteStop', (protocol) => remoteStopCommand(protocol, transactionRef), { timeoutMs, requireAccepted: true });
  }

  async reserve(stationId: string, input: ReservationInput, timeoutMs?: number): Promise<CommandAnswer> {
    const reservationId = await this.reservations.nextReservationId();
    const answer = await this.send(stationId, 'ReserveNow', (protocol) => reserveNowCommand(protocol, input, reservationId), { timeoutMs, requireAccepted: true });
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
    const answer = await this.send(stationId, 'GetChargingProfiles', (protocol) => reportedProfilesCommand(protocol, input, requestId), { timeoutMs });
    return { ...answer, requestId };
  }

  transactionStatus(stationId: string, transactionId: string, timeoutMs?: number): Promise<CommandAnswer> {
    return this.send(stationId, 'GetTransactionStatus', (protocol) => transactionStatusCommand(protocol, transactionId), { timeoutMs });
  }

  private async checkBoot(stationId: string, label: string, requireAccepted: boolean): Promise<void> {
    const bootStatus = await this.ports.bootStatus.get(stationId);
    if (bootStatus === 'Accepted') return;
    if (requireAccepted || bootStatus === 'Rejected') {
      throw conflict(`Station ${stationId} boot status is ${bootStatus ?? 'unknown'}: ${label} is only sent to an accepted station`, { stationId, bootStatus });
    }
  }

  private validate(stationId: string, protocol: OcppVersion, command: OcppCommand): void {
    const outcome = ocppValidator.validateRequest(protocol, command.action, command.payload);
    if (!outcome.ok) {
      throw badRequest(`The ${command.action} payload does not fit ${protocol}: ${outcome.message}`, { stationId, protocol, action: command.action, payload: command.payload });
    }
  }
}

/** Actions never sent to a station that is not accepted yet. */
const REQUIRE_ACCEPTED = new Set(['RemoteStartTransaction', 'RemoteStopTransaction', 'RequestStartTransaction', 'RequestStopTransaction', 'ReserveNow']);
