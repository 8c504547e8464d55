import type { OcppCallHandler } from '@voltlane/service-kit';
import type { MeterSampleRecorder } from '../application/meter-sample-recorder';
import { meterValuesHandler } from './meter-values.handler';

/** Every station CALL the metering-service answers: one handler per action. */
export function meteringHandlers(recorder: MeterSampleRecorder): OcppCallHandler[] {
  return [meterValuesHandler(recorder)];
}
