import { telemetry } from './instrumentation';
import { runServiceProcess } from '@voltlane/api-kit';
import { billingApiModule, billingService } from './index';

runServiceProcess({ service: billingService, telemetry, apiModule: billingApiModule });
