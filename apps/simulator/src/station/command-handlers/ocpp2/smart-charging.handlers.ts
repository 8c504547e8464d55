import type { v201 } from '@voltlane/ocpp';
import { optionalProfileFields, type ProfilePurpose, type StoredProfile } from '../../charging-profiles';
import { answer, type HandlerTable } from '../command-handler';
import { compositeSchedule } from '../composite-schedule';
import type { Ocpp2Behaviour } from '../../ocpp201-behaviour';

type Profile2 = v201.ChargingProfileType;

function purposeOf(purpose: string): ProfilePurpose {
  switch (purpose) {
    case 'ChargingStationMaxProfile':
      return 'StationMax';
    case 'TxDefaultProfile':
      return 'TxDefault';
    case 'TxProfile':
      return 'Tx';
    case 'ChargingStationExternalConstraints':
      return 'External';
    default:
      // 2.1 PriorityCharging, LocalGeneration, …: stored and reported, not used as a cap.
      return 'Other';
  }
}

/** A 2.x chargingProfile (its first schedule) in the simulator's neutral form. */
export function profileFromV2(evseId: number, p: Profile2, now: number): StoredProfile {
  const s = p.chargingSchedule[0];
  return {
    id: p.id,
    stackLevel: p.stackLevel,
    purpose: purposeOf(p.chargingProfilePurpose),
    connectorId: evseId,
    kind: p.chargingProfileKind === 'Recurring' || p.chargingProfileKind === 'Relative' ? p.chargingProfileKind : 'Absolute',
    unit: s.chargingRateUnit,
    periods: s.chargingSchedulePeriod.map((period) => ({
      startPeriod: period.startPeriod,
      ...(period.limit !== undefined ? { limit: period.limit } : {}),
      ...(period.numberPhases !== undefined ? { numberPhases: period.numberPhases } : {}),
      ...(period.phaseToUse !== undefined ? { phaseToUse: period.phaseToUse } : {}),
    })),
    installedAt: now,
    raw: p as unknown as Record<string, unknown>,
    ...optionalProfileFields(p, s),
  };
}

/** SetChargingProfile / ClearChargingProfile / GetChargingProfiles / GetCompositeSchedule. */
export const SMART_CHARGING_HANDLERS: HandlerTable<Ocpp2Behaviour> = {
  SetChargingProfile(ctx, request) {
    const req = request as unknown as v201.SetChargingProfileRequest;
    const p = req.chargingProfile;
    const reject = () => answer({ status: 'Rejected' } satisfies v201.SetChargingProfileResponse);
    const purpose = purposeOf(p.chargingProfilePurpose);
    if (req.evseId !== 0 && !ctx.connector(req.evseId)) return reject();
    if (p.stackLevel > ctx.variables.int('SmartChargingCtrlr.ProfileStackLevel', 10)) return reject();
    if (p.chargingSchedule.some((s) => s.chargingSchedulePeriod.length > ctx.variables.int('SmartChargingCtrlr.PeriodsPerSchedule', 24)))
      return reject();
    if (purpose === 'External') return reject();
    if (purpose === 'StationMax' && req.evseId !== 0) return reject();
    if (purpose === 'Tx') {
      const session = ctx.connector(req.evseId)?.session;
      if (req.evseId === 0 || !session || session.phase === 'Preparing') return reject();
      if (p.transactionId !== undefined && p.transactionId !== session.transactionId) return reject();
    }
    // The energy so far counts under the old limits; the vehicles follow the new one once it is answered.
    ctx.engine.meterRunning();
    ctx.profiles.install(profileFromV2(req.evseId, p, ctx.station.now()));
    return answer({ status: 'Accepted' } satisfies v201.SetChargingProfileResponse, () => ctx.engine.meterRunning());
  },

  ClearChargingProfile(ctx, request) {
    const req = request as unknown as v201.ClearChargingProfileRequest;
    const c = req.chargingProfileCriteria;
    ctx.engine.meterRunning();
    const removed = ctx.profiles.clear({
      ...(req.chargingProfileId !== undefined ? { id: req.chargingProfileId } : {}),
      ...(c?.evseId !== undefined ? { connectorId: c.evseId } : {}),
      ...(c?.chargingProfilePurpose ? { purpose: purposeOf(c.chargingProfilePurpose) } : {}),
      ...(c?.stackLevel !== undefined ? { stackLevel: c.stackLevel } : {}),
    });
    return answer({ status: removed > 0 ? 'Accepted' : 'Unknown' } satisfies v201.ClearChargingProfileResponse, () =>
      ctx.engine.meterRunning(),
    );
  },

  GetChargingProfiles(ctx, request) {
    const req = request as unknown as v201.GetChargingProfilesRequest;
    const criteria = req.chargingProfile;
    const found = ctx.profiles
      .list({
        ...(req.evseId !== undefined ? { connectorId: req.evseId } : {}),
        ...(criteria.chargingProfilePurpose ? { purpose: purposeOf(criteria.chargingProfilePurpose) } : {}),
        ...(criteria.stackLevel !== undefined ? { stackLevel: criteria.stackLevel } : {}),
      })
      .filter((p) => !criteria.chargingProfileId || criteria.chargingProfileId.includes(p.id))
      .filter(() => !criteria.chargingLimitSource || criteria.chargingLimitSource.includes('CSO'));
    if (found.length === 0) return answer({ status: 'NoProfiles' } satisfies v201.GetChargingProfilesResponse);
    return answer({ status: 'Accepted' } satisfies v201.GetChargingProfilesResponse, () => {
      const byEvse = new Map<number, Profile2[]>();
      for (const p of found) byEvse.set(p.connectorId, [...(byEvse.get(p.connectorId) ?? []), p.raw as unknown as Profile2]);
      const groups = [...byEvse.entries()];
      groups.forEach(([evseId, chargingProfile], i) => {
        const report: v201.ReportChargingProfilesRequest = {
          requestId: req.requestId,
          chargingLimitSource: 'CSO',
          evseId,
          chargingProfile,
          ...(i < groups.length - 1 ? { tbc: true } : {}),
        };
        ctx.station.notify('ReportChargingProfiles', report);
      });
    });
  },

  GetCompositeSchedule(ctx, request) {
    const req = request as unknown as v201.GetCompositeScheduleRequest;
    const unit = req.chargingRateUnit ?? 'W';
    const composite = compositeSchedule(ctx, req.evseId, req.duration, unit);
    if (!composite) return answer({ status: 'Rejected' } satisfies v201.GetCompositeScheduleResponse);
    const response: v201.GetCompositeScheduleResponse = {
      status: 'Accepted',
      schedule: {
        evseId: req.evseId,
        duration: req.duration,
        scheduleStart: new Date(composite.from).toISOString(),
        chargingRateUnit: unit,
        chargingSchedulePeriod: composite.periods,
      },
    };
    return answer(response);
  },
};
