import { Inject, Injectable } from '@nestjs/common';
import { ChargingReportRepository } from '../persistence/charging-report.repository';
import { ChargingReportHandler } from './charging-report.handler-base';

@Injectable()
export class NotifyEVChargingNeedsHandler extends ChargingReportHandler {
  readonly action = 'NotifyEVChargingNeeds';
  protected readonly answer = { status: 'Accepted' };

  constructor(@Inject(ChargingReportRepository) reports: ChargingReportRepository) {
    super(reports);
  }
}
