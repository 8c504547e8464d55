import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { ReportedLimit, StationLimits } from '../application/station-limits';

/** K12: a station's local controller limits it; the limit counts on the station's node until cleared. */
export class NotifyChargingLimitHandler implements OcppCallHandler<ReportedLimit, Record<string, never>> {
  readonly action = 'NotifyChargingLimit';
  readonly versions = ['ocpp2.0.1', 'ocpp2.1'] as const;

  constructor(private readonly limits: StationLimits) {}

  async handle(payload: ReportedLimit, context: InboundCallContext): Promise<Record<string, never>> {
    await this.limits.notified(context.stationId, payload, context.messageId);
    return {};
  }
}
