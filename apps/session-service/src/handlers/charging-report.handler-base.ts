import type { OcppVersion } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { ChargingReportRepository } from '../persistence/charging-report.repository';

/**
 * A 2.x smart-charging report (the installed profiles): stored as received, once per message, and
 * acknowledged with the schema's minimal valid response.
 */
export abstract class ChargingReportHandler implements OcppCallHandler {
  abstract readonly action: string;
  readonly versions: readonly OcppVersion[] = ['ocpp2.0.1', 'ocpp2.1'];
  protected abstract readonly answer: Record<string, unknown>;

  protected constructor(private readonly reports: ChargingReportRepository) {}

  async handle(payload: Record<string, unknown>, context: InboundCallContext): Promise<Record<string, unknown>> {
    await this.reports.store({
      stationId: context.stationId,
      protocol: context.protocol,
      action: this.action,
      messageId: context.messageId,
      payload,
      receivedAt: context.receivedAt,
    });
    return { ...this.answer };
  }
}
