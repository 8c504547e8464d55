import { ocppValidator, OCPP_VERSIONS, type OcppVersion } from '@voltlane/ocpp';
import { FAIL_SAFE_PROFILE_ID, roundDown, setChargingProfileRequest, type ProfileTarget } from './profiles';

const tx: ProfileTarget = {
  purpose: 'TxProfile',
  evseId: 2,
  transactionRef: '1732',
  limitA: 16.27,
  phases: 1,
  voltageV: 230,
  stackLevel: 1,
};
const failSafe: ProfileTarget = { purpose: 'TxDefaultProfile', evseId: 0, limitA: 10.5, phases: 3, voltageV: 230, stackLevel: 1 };

describe('SetChargingProfile payloads', () => {
  const cases: [string, ProfileTarget][] = [
    ['TxProfile AC 1-phase', tx],
    ['TxProfile paused', { ...tx, limitA: 0 }],
    ['TxProfile DC', { ...tx, dc: true, limitA: 40, phases: 3 }],
    ['TxProfile until a departure', { ...tx, startSchedule: '2024-01-15T10:00:00.000Z', durationS: 3600 }],
    ['fail-safe TxDefaultProfile', failSafe],
    ['fail-safe of 0 A', { ...failSafe, limitA: 0 }],
  ];
  it.each(OCPP_VERSIONS.flatMap((v) => cases.map(([name, target]) => [v, name, target] as const)))(
    '%s %s fits the official request schema',
    (version: OcppVersion, _name, target) => {
      const payload = setChargingProfileRequest(version, target);
      const check = ocppValidator.validateRequest(version, 'SetChargingProfile', payload);
      expect(check.ok ? 'valid' : check.message).toBe('valid');
    },
  );

  it('1.6: connector, integer transactionId, one schedule in A with numberPhases, rounded down to 0.1 A', () => {
    expect(setChargingProfileRequest('ocpp1.6', tx)).toEqual({
      connectorId: 2,
      csChargingProfiles: {
        chargingProfileId: FAIL_SAFE_PROFILE_ID + 2,
        transactionId: 1732,
        stackLevel: 1,
        chargingProfilePurpose: 'TxProfile',
        chargingProfileKind: 'Relative',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16.2, numberPhases: 1 }] },
      },
    });
  });

  it('1.6: the fail-safe default goes to connector 0 without a transaction', () => {
    const payload = setChargingProfileRequest('ocpp1.6', failSafe) as { connectorId: number; csChargingProfiles: Record<string, unknown> };
    expect(payload.connectorId).toBe(0);
    expect(payload.csChargingProfiles).toMatchObject({
      chargingProfileId: FAIL_SAFE_PROFILE_ID,
      chargingProfilePurpose: 'TxDefaultProfile',
    });
    expect(payload.csChargingProfiles.transactionId).toBeUndefined();
  });

  it.each(['ocpp2.0.1', 'ocpp2.1'] as const)('%s: evseId, string transactionId, the schedule id = the profile id', (version) => {
    expect(setChargingProfileRequest(version, { ...tx, transactionRef: 'a1b2-c3' })).toEqual({
      evseId: 2,
      chargingProfile: {
        id: FAIL_SAFE_PROFILE_ID + 2,
        stackLevel: 1,
        chargingProfilePurpose: 'TxProfile',
        chargingProfileKind: 'Relative',
        transactionId: 'a1b2-c3',
        chargingSchedule: [
          {
            id: FAIL_SAFE_PROFILE_ID + 2,
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 16.2, numberPhases: 1 }],
          },
        ],
      },
    });
  });

  it('DC: the limit as power over three phases in W', () => {
    const payload = setChargingProfileRequest('ocpp2.0.1', { ...tx, dc: true, limitA: 40, phases: 3 }) as {
      chargingProfile: { chargingSchedule: { chargingRateUnit: string; chargingSchedulePeriod: unknown[] }[] };
    };
    expect(payload.chargingProfile.chargingSchedule[0]).toMatchObject({
      chargingRateUnit: 'W',
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 27_600 }],
    });
    const given = setChargingProfileRequest('ocpp2.0.1', { ...tx, dc: true, limitA: 0, limitW: 50_000, phases: 3 }) as typeof payload;
    expect(given.chargingProfile.chargingSchedule[0]?.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 50_000 }]);
  });

  it('an EV departure makes an Absolute schedule from now for its duration', () => {
    const payload = setChargingProfileRequest('ocpp2.0.1', { ...tx, startSchedule: '2024-01-15T10:00:00.000Z', durationS: 3599.2 }) as {
      chargingProfile: { chargingProfileKind: string; chargingSchedule: Record<string, unknown>[] };
    };
    expect(payload.chargingProfile.chargingProfileKind).toBe('Absolute');
    expect(payload.chargingProfile.chargingSchedule[0]).toMatchObject({ startSchedule: '2024-01-15T10:00:00.000Z', duration: 3600 });
  });

  it('rounds down without binary surprises', () => {
    expect(roundDown(6.3, 1)).toBe(6.3);
    expect(roundDown(16.29999, 1)).toBe(16.2);
    expect(roundDown(0.07, 1)).toBe(0);
  });
});
