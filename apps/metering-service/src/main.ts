import { telemetry } from './instrumentation';
import { runServiceProcess } from '@voltlane/api-kit';
import { meteringApiModule, meteringService } from './index';

runServiceProcess({ service: meteringService, telemetry, apiModule: meteringApiModule });
