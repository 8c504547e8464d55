import { Inject, Injectable } from '@nestjs/common';
import { ChargingReportRepository } from '../persistence/charging-report.repository';
import { ChargingReportHandler } from './charging-report.handler-base';

@Injectable()
export class NotifyChargingLimitHandler extends ChargingReportHandler {
  readonly action = 'NotifyChargingLimit';
  protected readonly answer = {};

  constructor(@Inject(ChargingReportRepository) reports: ChargingReportRepository) {
    super(reports);
  }
}
