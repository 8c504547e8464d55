import type { ChargingReportRepository } from '../persistence/charging-report.repository';
import { ChargingReportHandler } from './charging-report.handler-base';

export class ClearedChargingLimitHandler extends ChargingReportHandler {
  readonly action = 'ClearedChargingLimit';
  protected readonly answer = {};

  constructor(reports: ChargingReportRepository) {
    super(reports);
  }
}
