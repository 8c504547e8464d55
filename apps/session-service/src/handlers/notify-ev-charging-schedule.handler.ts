import { Inject, Injectable } from '@nestjs/common';
import { ChargingReportRepository } from '../persistence/charging-report.repository';
import { ChargingReportHandler } from './charging-report.handler-base';

@Injectable()
export class NotifyEVChargingScheduleHandler extends ChargingReportHandler {
  readonly action = 'NotifyEVChargingSchedule';
  protected readonly answer = { status: 'Accepted' };

  constructor(@Inject(ChargingReportRepository) reports: ChargingReportRepository) {
    super(reports);
  }
}
