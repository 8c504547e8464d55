import { telemetry } from './instrumentation';
import { runServiceProcess } from '@voltlane/api-kit';
import { sessionApiModule, sessionService } from './index';

runServiceProcess({ service: sessionService, telemetry, apiModule: sessionApiModule });
