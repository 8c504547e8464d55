import type { Session } from '../domain/session';
import type { StoredChargingProfile } from '../persistence/charging-profile.repository';
import type { RemoteStart } from '../persistence/remote-start.repository';
import type { Reservation } from '../persistence/reservation.repository';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** A session as the operator API lists it (cost: served by the billing-service). */
export function sessionItem(s: Session): Record<string, unknown> {
  return {
    id: s.id,
    protocol: s.protocol,
    stationId: s.stationId,
    transactionRef: s.transactionRef,
    transactionId: s.transactionId,
    connectorId: s.connectorId,
    evseId: s.evseId,
    idToken: s.idToken,
    idTokenType: s.idTokenType,
    idTokenKey: s.idTokenKey,
    authStatus: s.authStatus,
    status: s.status,
    startedAt: s.startedAt.toISOString(),
    endedAt: iso(s.endedAt),
    meterStartWh: s.meterStartWh,
    meterStopWh: s.meterStopWh,
    energyWh: s.energyWh,
    cost: null,
    chargingState: s.chargingState,
    chargingSeconds: s.chargingSeconds,
    idleSeconds: s.idleSeconds,
    stoppedReason: s.stoppedReason,
    reservationId: s.reservationId,
    remoteStartId: s.remoteStartId,
    offline: s.offline,
    anomalies: s.anomalies,
  };
}

export function sessionDetail(s: Session, remoteStart: RemoteStart | null): Record<string, unknown> {
  return {
    ...sessionItem(s),
    chargingPeriods: s.chargingPeriods,
    lastSeqNo: s.lastSeqNo,
    remoteStart: remoteStart ? remoteStartItem(remoteStart) : null,
  };
}

export function remoteStartItem(r: RemoteStart): Record<string, unknown> {
  return { ...r, requestedAt: r.requestedAt.toISOString(), answeredAt: iso(r.answeredAt) };
}

export function reservationItem(r: Reservation): Record<string, unknown> {
  return {
    ...r,
    expiresAt: iso(r.expiresAt),
    requestedAt: iso(r.requestedAt),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function profileItem(p: StoredChargingProfile): Record<string, unknown> {
  return { ...p, setAt: p.setAt.toISOString() };
}
