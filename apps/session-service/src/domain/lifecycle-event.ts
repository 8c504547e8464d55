import type { SessionAnomalyCode, SessionLifecycleEvent, SessionLifecycleType } from '@voltlane/contracts';
import type { Session } from './session';

/**
 * The `sessions.lifecycle.v1` event for a session's state. Started/Ended have one id per session
 * (`<sessionId>:Started`, `<sessionId>:Ended`), Updated one per station event (2.x `...:Updated:<seqNo>`;
 * 1.6 `...:Updated:<register Wh>` of the MeterValues reading that raised the energy, which only goes up).
 * A Started never carries end data, even for a session created by its end.
 */
export function lifecycleEvent(
  session: Session,
  type: SessionLifecycleType,
  update?: { ref: string | number; at: Date },
): SessionLifecycleEvent {
  const ended = type === 'Ended';
  const codes = [...new Set(session.anomalies.map((a) => a.code))] as SessionAnomalyCode[];
  const occurredAt = ended
    ? (session.endedAt ?? session.startedAt)
    : type === 'Started'
      ? session.startedAt
      : (update?.at ?? session.startedAt);
  return {
    type,
    eventId: type === 'Updated' ? `${session.id}:Updated:${update?.ref ?? 0}` : `${session.id}:${type}`,
    sessionId: session.id,
    stationId: session.stationId,
    protocol: session.protocol,
    transactionRef: session.transactionRef,
    ...(session.idTokenKey !== null ? { idTokenKey: session.idTokenKey } : {}),
    ...(session.connectorId !== null ? { connectorId: session.connectorId } : {}),
    ...(session.evseId !== null ? { evseId: session.evseId } : {}),
    startedAt: session.startedAt.toISOString(),
    ...(ended && session.endedAt ? { endedAt: session.endedAt.toISOString() } : {}),
    meterStartWh: session.meterStartWh,
    ...(ended && session.meterStopWh !== null ? { meterStopWh: session.meterStopWh } : {}),
    energyWh: type === 'Started' ? 0 : session.energyWh,
    chargingSeconds: type === 'Started' ? 0 : session.chargingSeconds,
    idleSeconds: type === 'Started' ? 0 : session.idleSeconds,
    anomalies: codes,
    ...(ended && session.stoppedReason !== null ? { stoppedReason: session.stoppedReason } : {}),
    ...(session.reservationId !== null ? { reservationId: session.reservationId } : {}),
    ...(session.remoteStartId !== null ? { remoteStartId: session.remoteStartId } : {}),
    occurredAt: occurredAt.toISOString(),
  };
}
