import { telemetry } from './instrumentation';
import { runServiceProcess } from '@voltlane/api-kit';
import { energyApiModule, energyService } from './index';

runServiceProcess({ service: energyService, telemetry, apiModule: energyApiModule });
