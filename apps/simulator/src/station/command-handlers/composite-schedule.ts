import type { ProtocolBehaviourBase } from '../protocol-behaviour-base';

/**
 * The GetCompositeSchedule of connector (1.6) or EVSE (2.x) `id`, 0 for the whole station: the
 * limits from now for `durationS` (a running session's TxProfiles included; the connector's or
 * the station's maximum power where no profile applies). Undefined for an unknown connector.
 */
export function compositeSchedule(
  ctx: ProtocolBehaviourBase,
  id: number,
  durationS: number,
  unit: 'A' | 'W',
): { from: number; periods: { startPeriod: number; limit: number }[] } | undefined {
  const connector = id === 0 ? undefined : ctx.connector(id);
  if (id !== 0 && !connector) return undefined;
  const from = ctx.station.now();
  const session = connector?.session;
  const tx = session && session.phase !== 'Preparing' ? { startedAt: session.startedAt, transactionId: session.transactionId } : undefined;
  const fallbackW = ctx.station.options.maxPowerW * (id === 0 ? ctx.connectors.length : 1);
  return { from, periods: ctx.profiles.composite(id, from, durationS, unit, fallbackW, tx) };
}
