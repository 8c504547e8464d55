import { telemetry } from './instrumentation';
import { runServiceProcess } from '@voltlane/api-kit';
import { ocpiApiModule, ocpiService } from './index';

runServiceProcess({ service: ocpiService, telemetry, apiModule: ocpiApiModule });
