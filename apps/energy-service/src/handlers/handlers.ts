import type { OcppCallHandler } from '@voltlane/service-kit';
import type { EvCharging } from '../application/ev-charging';
import type { StationLimits } from '../application/station-limits';
import { ClearedChargingLimitHandler } from './cleared-charging-limit.handler';
import { NotifyChargingLimitHandler } from './notify-charging-limit.handler';
import { NotifyEVChargingNeedsHandler } from './notify-ev-charging-needs.handler';
import { NotifyEVChargingScheduleHandler } from './notify-ev-charging-schedule.handler';

export interface EnergyHandlerDeps {
  limits: StationLimits;
  ev: EvCharging;
}

/** The station CALLs the energy-service answers (answeringService in libs/contracts): one handler per action. */
export function energyHandlers(deps: EnergyHandlerDeps): OcppCallHandler[] {
  return [
    typed(new NotifyChargingLimitHandler(deps.limits)),
    typed(new ClearedChargingLimitHandler(deps.limits)),
    typed(new NotifyEVChargingNeedsHandler(deps.ev)),
    typed(new NotifyEVChargingScheduleHandler(deps.ev)),
  ];
}

/** A handler of its action's request type: the gateway validated the payload against that version's schema. */
function typed<Req, Res>(handler: OcppCallHandler<Req, Res>): OcppCallHandler {
  return handler as unknown as OcppCallHandler;
}
