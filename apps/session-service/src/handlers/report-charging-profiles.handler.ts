import { Inject, Injectable } from '@nestjs/common';
import { ChargingReportRepository } from '../persistence/charging-report.repository';
import { ChargingReportHandler } from './charging-report.handler-base';

@Injectable()
export class ReportChargingProfilesHandler extends ChargingReportHandler {
  readonly action = 'ReportChargingProfiles';
  protected readonly answer = {};

  constructor(@Inject(ChargingReportRepository) reports: ChargingReportRepository) {
    super(reports);
  }
}
