import type { ChargingReportRepository } from '../persistence/charging-report.repository';
import { ChargingReportHandler } from './charging-report.handler-base';

export class NotifyChargingLimitHandler extends ChargingReportHandler {
  readonly action = 'NotifyChargingLimit';
  protected readonly answer = {};

  constructor(reports: ChargingReportRepository) {
    super(reports);
  }
}
