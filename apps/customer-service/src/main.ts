import { telemetry } from './instrumentation';
import { runServiceProcess } from '@voltlane/api-kit';
import { customerApiModule, startCustomerService } from './index';

runServiceProcess({
  name: 'customer-service',
  telemetry,
  start: startCustomerService,
  apiModule: customerApiModule,
});
