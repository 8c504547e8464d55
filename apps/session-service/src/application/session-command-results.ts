import type { DataSource, EntityManager } from 'typeorm';
import { commandOwner, type OcppCommandEvent } from '@voltlane/contracts';
import type { ChargingProfileRepository } from '../persistence/charging-profile.repository';
import type { ReservationStatus } from '../persistence/reservation.entity';
import type { RemoteStartRepository } from '../persistence/remote-start.repository';
import type { ReservationRepository } from '../persistence/reservation.repository';

type Json = Record<string, unknown>;

const RESERVE_STATUSES = new Set(['Accepted', 'Faulted', 'Occupied', 'Rejected', 'Unavailable']);

/**
 * Applies the results of session-owned commands (from `ocpp.commands.v1`), whoever sent them:
 * reservations, charging profiles and remote starts. Each result is applied once (its correlation
 * id is recorded in the same transaction).
 */
export class SessionCommandResults {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reservations: ReservationRepository,
    private readonly profiles: ChargingProfileRepository,
    private readonly remoteStarts: RemoteStartRepository,
  ) {}

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

  private async applyResult(
    m: EntityManager,
    event: OcppCommandEvent,
    protocol: string,
    action: string,
    request: Json,
    answer: Json,
  ): Promise<void> {
    const stationId = event.stationId;
    const accepted = answer.status === 'Accepted';
    const is16 = protocol === 'ocpp1.6';
    switch (action) {
      case 'ReserveNow': {
        const status = String(answer.status);
        if (!RESERVE_STATUSES.has(status)) return;
        const token = (is16 ? request.idTag : (request.idToken as Json | undefined)?.idToken) as string;
        const group = is16
          ? (request.parentIdTag as string | undefined)
          : ((request.groupIdToken as Json | undefined)?.idToken as string | undefined);
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
        const criteria = is16 ? request : ((request.chargingProfileCriteria as Json | undefined) ?? {});
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
