import { telemetry } from './instrumentation';
import { runServiceProcess } from '@voltlane/api-kit';
import { reportApiModule, startReportService } from './index';

runServiceProcess({
  name: 'report-service',
  telemetry,
  start: startReportService,
  apiModule: reportApiModule,
});
