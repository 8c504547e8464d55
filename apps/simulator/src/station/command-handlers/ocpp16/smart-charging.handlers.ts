import type { v16 } from '@voltlane/ocpp';
import { optionalProfileFields, type ProfilePurpose, type StoredProfile } from '../../charging-profiles';
import { answer, type HandlerTable } from '../command-handler';
import { compositeSchedule } from '../composite-schedule';
import type { Ocpp16Behaviour } from '../../ocpp16-behaviour';

type Profile16 = v16.SetChargingProfileRequest['csChargingProfiles'];

const PURPOSE: Readonly<Record<Profile16['chargingProfilePurpose'], ProfilePurpose>> = {
  ChargePointMaxProfile: 'StationMax',
  TxDefaultProfile: 'TxDefault',
  TxProfile: 'Tx',
};

const PURPOSE_16: Readonly<Partial<Record<ProfilePurpose, Profile16['chargingProfilePurpose']>>> = {
  StationMax: 'ChargePointMaxProfile',
  TxDefault: 'TxDefaultProfile',
  Tx: 'TxProfile',
};

/** A 1.6 csChargingProfiles in the simulator's neutral form. */
export function profileFromV16(connectorId: number, p: Profile16, now: number): StoredProfile {
  const s = p.chargingSchedule;
  return {
    id: p.chargingProfileId,
    stackLevel: p.stackLevel,
    purpose: PURPOSE[p.chargingProfilePurpose],
    connectorId,
    kind: p.chargingProfileKind,
    unit: s.chargingRateUnit,
    periods: s.chargingSchedulePeriod.map((period) => ({ ...period })),
    installedAt: now,
    raw: p,
    ...optionalProfileFields(p, s),
  };
}

/** SetChargingProfile / ClearChargingProfile / GetCompositeSchedule; profiles cap the power curve. */
export const SMART_CHARGING_HANDLERS: HandlerTable<Ocpp16Behaviour> = {
  SetChargingProfile(ctx, request) {
    const req = request as unknown as v16.SetChargingProfileRequest;
    const p = req.csChargingProfiles;
    const reject = () => answer({ status: 'Rejected' } satisfies v16.SetChargingProfileResponse);
    if (req.connectorId !== 0 && !ctx.connector(req.connectorId)) return reject();
    if (p.stackLevel > ctx.config.int('ChargeProfileMaxStackLevel', 10)) return reject();
    if (p.chargingSchedule.chargingSchedulePeriod.length > ctx.config.int('ChargingScheduleMaxPeriods', 24)) return reject();
    if (p.chargingProfilePurpose === 'ChargePointMaxProfile' && req.connectorId !== 0) return reject();
    if (p.chargingProfilePurpose === 'TxProfile') {
      const session = ctx.connector(req.connectorId)?.session;
      // A TxProfile needs a running transaction on its connector (and matches its id when given).
      if (req.connectorId === 0 || !session || session.phase === 'Preparing') return reject();
      if (p.transactionId !== undefined && String(p.transactionId) !== String(session.transactionId)) return reject();
    }
    if (
      ctx.profiles.size >= ctx.config.int('MaxChargingProfilesInstalled', 20) &&
      ctx.profiles.list({ id: p.chargingProfileId }).length === 0
    )
      return reject();
    // The energy so far counts under the old limits; the vehicles follow the new one once it is answered.
    ctx.engine.meterRunning();
    ctx.profiles.install(profileFromV16(req.connectorId, p, ctx.station.now()));
    return answer({ status: 'Accepted' } satisfies v16.SetChargingProfileResponse, () => ctx.engine.meterRunning());
  },

  ClearChargingProfile(ctx, request) {
    const req = request as unknown as v16.ClearChargingProfileRequest;
    ctx.engine.meterRunning();
    const removed = ctx.profiles.clear({
      ...(req.id !== undefined ? { id: req.id } : {}),
      ...(req.connectorId !== undefined ? { connectorId: req.connectorId } : {}),
      ...(req.chargingProfilePurpose ? { purpose: PURPOSE[req.chargingProfilePurpose] } : {}),
      ...(req.stackLevel !== undefined ? { stackLevel: req.stackLevel } : {}),
    });
    return answer({ status: removed > 0 ? 'Accepted' : 'Unknown' } satisfies v16.ClearChargingProfileResponse, () =>
      ctx.engine.meterRunning(),
    );
  },

  GetCompositeSchedule(ctx, request) {
    const req = request as unknown as v16.GetCompositeScheduleRequest;
    const unit = req.chargingRateUnit ?? 'W';
    const composite = compositeSchedule(ctx, req.connectorId, req.duration, unit);
    if (!composite) return answer({ status: 'Rejected' } satisfies v16.GetCompositeScheduleResponse);
    const start = new Date(composite.from).toISOString();
    const response: v16.GetCompositeScheduleResponse = {
      status: 'Accepted',
      connectorId: req.connectorId,
      scheduleStart: start,
      chargingSchedule: { duration: req.duration, startSchedule: start, chargingRateUnit: unit, chargingSchedulePeriod: composite.periods },
    };
    return answer(response);
  },
};

/** The 1.6 purpose name of a stored profile (for reports). */
export function purposeOf16(purpose: ProfilePurpose): Profile16['chargingProfilePurpose'] | undefined {
  return PURPOSE_16[purpose];
}
