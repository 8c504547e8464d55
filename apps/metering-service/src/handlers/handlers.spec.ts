import { actionsAnsweredBy } from '@voltlane/contracts';
import { OCPP_VERSIONS } from '@voltlane/ocpp';
import type { MeterSampleRecorder } from '../application/meter-sample-recorder';
import { meteringHandlers } from './handlers';

describe('metering handler table', () => {
  it.each(OCPP_VERSIONS)('%s: answers exactly the CALLs assigned to the metering-service, once each', (version) => {
    const handled = meteringHandlers({} as MeterSampleRecorder)
      .filter((h) => h.versions.includes(version))
      .map((h) => h.action);
    expect(new Set(handled).size).toBe(handled.length);
    expect(handled.sort()).toEqual(actionsAnsweredBy('metering-service', version).sort());
  });
});
