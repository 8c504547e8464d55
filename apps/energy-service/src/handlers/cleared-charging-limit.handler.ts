import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { StationLimits } from '../application/station-limits';

interface ClearedChargingLimitRequest {
  chargingLimitSource: string;
  evseId?: number;
}

/** K13: the station's local controller lifted its limit (of that source, and EVSE when named). */
export class ClearedChargingLimitHandler implements OcppCallHandler<ClearedChargingLimitRequest, Record<string, never>> {
  readonly action = 'ClearedChargingLimit';
  readonly versions = ['ocpp2.0.1', 'ocpp2.1'] as const;

  constructor(private readonly limits: StationLimits) {}

  async handle(payload: ClearedChargingLimitRequest, context: InboundCallContext): Promise<Record<string, never>> {
    await this.limits.cleared(context.stationId, payload.chargingLimitSource, payload.evseId);
    return {};
  }
}
