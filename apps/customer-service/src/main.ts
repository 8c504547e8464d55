import { telemetry } from './instrumentation';
import { runServiceProcess } from '@voltlane/api-kit';
import { customerApiModule, customerService } from './index';

runServiceProcess({
  service: customerService,
  telemetry,
  apiModule: customerApiModule,
});
