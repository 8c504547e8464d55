import { telemetry } from './instrumentation';
import { runServiceProcess } from '@voltlane/api-kit';
import { billingApiModule, startBillingService } from './index';

runServiceProcess({
  name: 'billing-service',
  telemetry,
  start: startBillingService,
  apiModule: billingApiModule,
});
