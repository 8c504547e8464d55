import { Module, type DynamicModule } from '@nestjs/common';
import { OverviewQueries } from '../application/overview-queries';
import { ReportQueries } from '../application/report-queries';
import { LiveHub } from '../application/live-hub';
import { EventsController } from './events.controller';
import { OverviewController } from './overview.controller';
import { REPORT_CONFIG } from './report-api.deps';
import type { ReportServiceHandle } from '../report.service';
import { ReportsController } from './reports.controller';

@Module({})
class ReportApiModule {}

/** The report-service's operator API for `startServiceHttpApi` / `startHttpApi`: the reports. */
export function reportApiModule(handle: ReportServiceHandle): DynamicModule {
  return {
    module: ReportApiModule,
    controllers: [ReportsController, OverviewController, EventsController],
    providers: [
      { provide: ReportQueries, useValue: handle.queries },
      { provide: OverviewQueries, useValue: handle.overview },
      { provide: REPORT_CONFIG, useValue: handle.config },
      { provide: LiveHub, useValue: handle.live },
    ],
  };
}
