import { Module, type DynamicModule } from '@nestjs/common';
import { ReportQueries } from '../application/report-queries';
import { REPORT_CONFIG } from './report-api.deps';
import type { ReportServiceHandle } from '../report.service';
import { ReportsController } from './reports.controller';

@Module({})
class ReportApiModule {}

/** The report-service's operator API for `startServiceHttpApi` / `startHttpApi`: the reports. */
export function reportApiModule(handle: ReportServiceHandle): DynamicModule {
  return {
    module: ReportApiModule,
    controllers: [ReportsController],
    providers: [
      { provide: ReportQueries, useValue: handle.queries },
      { provide: REPORT_CONFIG, useValue: handle.config },
    ],
  };
}
