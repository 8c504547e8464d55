// Public surface of the metering-service app: how to start it, and its read side.
import type { StartService } from '@voltlane/service-kit';
import { startMeteringService as start } from './start-metering-service';

export type { MeteringServiceHandle } from './start-metering-service';
export type { StoredSample, TransactionEnergy, MeterSamplesQuery } from './application/meter-samples.query';

/** `StartService`-compatible; resolves with a `MeteringServiceHandle`. */
export const startMeteringService: StartService & typeof start = start;
export { meteringApiModule, type MeteringApiSource } from './api/metering-api.module';
