import { profileIdOf, schedulePeriodOf, timingOf, type ProfileTarget } from './profile-target';

/**
 * OCPP 2.0.1 / 2.1 SetChargingProfileRequest: `evseId` (0 for the fail-safe default), one
 * charging schedule (its id = the profile's), a TxProfile's `transactionId` as the station's string.
 */
export function profile2xRequest(target: ProfileTarget): Record<string, unknown> {
  const id = profileIdOf(target.purpose, target.evseId);
  const period = schedulePeriodOf(target);
  const timing = timingOf(target);
  return {
    evseId: target.purpose === 'TxDefaultProfile' ? 0 : target.evseId,
    chargingProfile: {
      id,
      stackLevel: target.stackLevel,
      chargingProfilePurpose: target.purpose,
      chargingProfileKind: timing.kind,
      ...(target.purpose === 'TxProfile' && target.transactionRef !== undefined ? { transactionId: target.transactionRef } : {}),
      chargingSchedule: [
        {
          id,
          ...(timing.startSchedule !== undefined ? { startSchedule: timing.startSchedule } : {}),
          ...(timing.duration !== undefined ? { duration: timing.duration } : {}),
          chargingRateUnit: period.chargingRateUnit,
          chargingSchedulePeriod: [
            { startPeriod: 0, limit: period.limit, ...(period.numberPhases !== undefined ? { numberPhases: period.numberPhases } : {}) },
          ],
        },
      ],
    },
  };
}
