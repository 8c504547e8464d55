import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { commandOwner, parseOcppCommandEvent, type OcppCommandEvent } from '@voltlane/contracts';
import type { BusMessage, Subscription } from '@voltlane/messaging';
import { consume, type ServicePorts } from '@voltlane/service-kit';
import { DATA_SOURCE, LOGGER, SERVICE_PORTS, SESSION_CONFIG } from '../config/injection-tokens';
import type { SessionServiceConfig } from '../config/session-config';
import { ChargingProfileRepository } from '../persistence/charging-profile.repository';
import type { ReservationStatus } from '../persistence/reservation.entity';
import { ReservationRepository } from '../persistence/reservation.repository';
import { RemoteStartRepository } from '../persistence/remote-start.repository';

type Json = Record<string, unknown>;

const RESERVE_STATUSES = new Set(['Accepted', 'Faulted', 'Occupied', 'Rejected', 'Unavailable']);

/**
 * Applies the results of session-owned commands from `ocpp.commands.v1` (own consumer group,
 * from the beginning), whoever sent them: reservations, charging profiles and remote starts.
 * Each result is applied once (its correlation id is recorded in the same transaction).
 */
@Injectable()
export class CommandResultsConsumer {
  private subscription: Subscription | undefined;

  constructor(
    @Inject(SERVICE_PORTS) private readonly ports: ServicePorts,
    @Inject(SESSION_CONFIG) private readonly config: SessionServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(ReservationRepository) private readonly reservations: ReservationRepository,
    @Inject(ChargingProfileRepository) private readonly profiles: ChargingProfileRepository,
    @Inject(RemoteStartRepository) private readonly remoteStarts: RemoteStartRepository,
  ) {}

  async start(): Promise<void> {
    this.subscription = await consume(
      {
        subscriber: this.ports.subscriber,
        groupId: `${this.config.groupId}.commands`,
        topics: [this.config.topics.OcppCommands],
        stage: 'command-results',
        deadLetters: this.ports.deadLetters,
        logger: this.logger,
      },
      (message) => this.consume(message),
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  /** Parses and applies one record; a record that breaks the contract throws (the failure policy parks it). */
  async consume(message: BusMessage): Promise<void> {
    await this.apply(parseOcppCommandEvent(JSON.parse(message.value)));
  }

  /** Applies one command event (idempotent). */
  async apply(event: OcppCommandEvent): Promise<void> {
    const { result } = event;
    const action = result.request.action;
    if (commandOwner(action) !== 'session-service' || result.outcome !== 'result' || !result.payload) return;
    const protocol = result.protocol ?? event.protocol;
    if (!protocol) return;
    await this.dataSource.transaction(async (m) => {
      if (!(await this.profiles.markApplied(m, result.correlationId, event.stationId, action))) return;
      await this.applyResult(m, event, protocol, action, result.request.payload, result.payload ?? {});
    });
  }

  private async applyResult(m: EntityManager, event: OcppCommandEvent, protocol: string, action: string, request: Json, answer: Json): Promise<void> {
    const stationId = event.stationId;
    const accepted = answer.status === 'Accepted';
    const is16 = protocol === 'ocpp1.6';
    switch (action) {
      case 'ReserveNow': {
        const status = String(answer.status);
        if (!RESERVE_STATUSES.has(status)) return;
        const token = (is16 ? request.idTag : (request.idToken as Json | undefined)?.idToken) as string;
        const group = is16 ? (request.parentIdTag as string | undefined) : ((request.groupIdToken as Json | undefined)?.idToken as string | undefined);
        await this.reservations.applyReserveNow(m, {
          stationId,
          reservationId: Number(is16 ? request.reservationId : request.id),
          status: status as ReservationStatus,
          protocol,
          connectorId: is16 ? (request.connectorId as number) : null,
          evseId: is16 ? null : ((request.evseId as number | undefined) ?? null),
          idToken: token,
          idTokenType: is16 ? null : ((request.idToken as Json | undefined)?.type as string),
          groupIdToken: group ?? null,
          expiresAt: new Date(String(is16 ? request.expiryDate : request.expiryDateTime)),
          requestedAt: new Date(event.sentAt),
        });
        return;
      }
      case 'CancelReservation':
        if (accepted) await this.reservations.markCancelled(m, stationId, Number(request.reservationId));
        return;
      case 'SetChargingProfile': {
        if (!accepted) return;
        const profile = (is16 ? request.csChargingProfiles : request.chargingProfile) as Json;
        const transactionId = profile.transactionId as string | number | undefined;
        await this.profiles.store(m, {
          stationId,
          profileId: Number(is16 ? profile.chargingProfileId : profile.id),
          protocol,
          evseId: Number(is16 ? request.connectorId : request.evseId),
          stackLevel: Number(profile.stackLevel),
          purpose: String(profile.chargingProfilePurpose),
          transactionRef: transactionId === undefined ? null : String(transactionId),
          profile,
          setAt: new Date(event.answeredAt),
          correlationId: event.result.correlationId,
        });
        return;
      }
      case 'ClearChargingProfile': {
        if (!accepted) return;
        const criteria = (is16 ? request : ((request.chargingProfileCriteria as Json | undefined) ?? {}));
        const profileId = (is16 ? request.id : request.chargingProfileId) as number | undefined;
        await this.profiles.clear(m, stationId, {
          profileId,
          evseId: (is16 ? criteria.connectorId : criteria.evseId) as number | undefined,
          purpose: criteria.chargingProfilePurpose as string | undefined,
          stackLevel: criteria.stackLevel as number | undefined,
        });
        return;
      }
      case 'RemoteStartTransaction':
      case 'RequestStartTransaction': {
        const status = answer.status === 'Accepted' ? 'Accepted' : 'Rejected';
        const idToken = is16 ? (request.idTag as string) : ((request.idToken as Json).idToken as string);
        await this.remoteStarts.applyAnswer(m, {
          stationId,
          remoteStartId: is16 ? null : Number(request.remoteStartId),
          protocol,
          idToken,
          idTokenType: is16 ? null : ((request.idToken as Json).type as string),
          evseId: is16 ? null : ((request.evseId as number | undefined) ?? null),
          connectorId: is16 ? ((request.connectorId as number | undefined) ?? null) : null,
          status,
          transactionRef: typeof answer.transactionId === 'string' ? answer.transactionId : null,
          correlationId: event.result.correlationId,
          requestedAt: new Date(event.sentAt),
          answeredAt: new Date(event.answeredAt),
        });
        return;
      }
      default:
        return;
    }
  }
}
