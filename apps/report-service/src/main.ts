import { telemetry } from './instrumentation';
import { runServiceProcess } from '@voltlane/api-kit';
import { reportApiModule, reportService } from './index';

runServiceProcess({ service: reportService, telemetry, apiModule: reportApiModule });
