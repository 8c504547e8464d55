import type { ChargingReportRepository } from '../persistence/charging-report.repository';
import { ChargingReportHandler } from './charging-report.handler-base';

export class NotifyEVChargingScheduleHandler extends ChargingReportHandler {
  readonly action = 'NotifyEVChargingSchedule';
  protected readonly answer = { status: 'Accepted' };

  constructor(reports: ChargingReportRepository) {
    super(reports);
  }
}
