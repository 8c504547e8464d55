/**
 * One line for a SetChargingProfile request (1.6 or 2.x), for a failure's explanation: the
 * connector or EVSE, the purpose, the transaction and the schedule's periods as
 * `start s: limit unit × phases`.
 */
export function profileSummary(payload: Record<string, unknown>): string {
  const p16 = payload.csChargingProfiles as Record<string, any> | undefined;
  const p2x = payload.chargingProfile as Record<string, any> | undefined;
  const profile = p16 ?? p2x ?? {};
  const schedule = (Array.isArray(profile.chargingSchedule) ? profile.chargingSchedule[0] : profile.chargingSchedule) ?? {};
  const periods = ((schedule.chargingSchedulePeriod ?? []) as { startPeriod: number; limit: number; numberPhases?: number }[])
    .map((period) => `${period.startPeriod}s: ${period.limit} ${schedule.chargingRateUnit ?? '?'}×${period.numberPhases ?? '-'}`)
    .join(', ');
  const where = p16 ? `connector ${String(payload.connectorId)}` : `evse ${String(payload.evseId)}`;
  const tx = profile.transactionId === undefined ? '' : ` tx ${String(profile.transactionId).slice(0, 8)}`;
  return `${where} ${String(profile.chargingProfilePurpose)}${tx} [${periods}]`;
}
