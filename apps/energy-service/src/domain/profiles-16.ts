import { profileIdOf, schedulePeriodOf, timingOf, type ProfileTarget } from './profile-target';

/**
 * OCPP 1.6 SetChargingProfile.req: `connectorId` (0 for the fail-safe default), the profile under
 * `csChargingProfiles`, a TxProfile's `transactionId` as the integer the CSMS assigned.
 */
export function profile16Request(target: ProfileTarget): Record<string, unknown> {
  const period = schedulePeriodOf(target);
  const timing = timingOf(target);
  const transactionId = target.purpose === 'TxProfile' ? integerRef(target.transactionRef) : undefined;
  return {
    connectorId: target.purpose === 'TxDefaultProfile' ? 0 : target.evseId,
    csChargingProfiles: {
      chargingProfileId: profileIdOf(target.purpose, target.evseId),
      ...(transactionId !== undefined ? { transactionId } : {}),
      stackLevel: target.stackLevel,
      chargingProfilePurpose: target.purpose,
      chargingProfileKind: timing.kind,
      chargingSchedule: {
        ...(timing.duration !== undefined ? { duration: timing.duration } : {}),
        ...(timing.startSchedule !== undefined ? { startSchedule: timing.startSchedule } : {}),
        chargingRateUnit: period.chargingRateUnit,
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: period.limit, ...(period.numberPhases !== undefined ? { numberPhases: period.numberPhases } : {}) },
        ],
      },
    },
  };
}

function integerRef(ref: string | undefined): number | undefined {
  if (ref === undefined || !/^-?\d{1,10}$/.test(ref)) return undefined;
  const value = Number(ref);
  return Number.isSafeInteger(value) ? value : undefined;
}
