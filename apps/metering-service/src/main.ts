import { telemetry } from './instrumentation';
import { runServiceProcess } from '@voltlane/api-kit';
import { meteringApiModule, startMeteringService } from './index';

runServiceProcess({
  name: 'metering-service',
  telemetry,
  start: startMeteringService,
  apiModule: meteringApiModule,
});
