import type { ChargingReportRepository } from '../persistence/charging-report.repository';
import { ChargingReportHandler } from './charging-report.handler-base';

export class NotifyEVChargingNeedsHandler extends ChargingReportHandler {
  readonly action = 'NotifyEVChargingNeeds';
  protected readonly answer = { status: 'Accepted' };

  constructor(reports: ChargingReportRepository) {
    super(reports);
  }
}
