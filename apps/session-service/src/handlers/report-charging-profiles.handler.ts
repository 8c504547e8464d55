import type { ChargingReportRepository } from '../persistence/charging-report.repository';
import { ChargingReportHandler } from './charging-report.handler-base';

export class ReportChargingProfilesHandler extends ChargingReportHandler {
  readonly action = 'ReportChargingProfiles';
  protected readonly answer = {};

  constructor(reports: ChargingReportRepository) {
    super(reports);
  }
}
