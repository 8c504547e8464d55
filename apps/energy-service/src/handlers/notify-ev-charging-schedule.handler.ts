import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { EvCharging, EvScheduleRequest } from '../application/ev-charging';

/** K15–K17: the schedule the EV chose; Accepted within the allocation, else Rejected (and the profile is sent again). */
export class NotifyEVChargingScheduleHandler implements OcppCallHandler<EvScheduleRequest, { status: 'Accepted' | 'Rejected' }> {
  readonly action = 'NotifyEVChargingSchedule';
  readonly versions = ['ocpp2.0.1', 'ocpp2.1'] as const;

  constructor(private readonly ev: EvCharging) {}

  async handle(payload: EvScheduleRequest, context: InboundCallContext): Promise<{ status: 'Accepted' | 'Rejected' }> {
    return { status: await this.ev.evSchedule(context.stationId, payload) };
  }
}
