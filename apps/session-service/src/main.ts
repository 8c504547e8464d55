import { telemetry } from './instrumentation';
import { runServiceProcess } from '@voltlane/api-kit';
import { sessionApiModule, startSession } from './index';

runServiceProcess({
  name: 'session-service',
  telemetry,
  start: startSession,
  apiModule: sessionApiModule,
});
