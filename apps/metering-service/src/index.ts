// Public surface of the metering-service app: its definition, how to start it, and its read side.
import { meteringService } from './metering.service';

export { meteringService, type MeteringServiceHandle, type MeteringSurface } from './metering.service';
export type { StoredSample, TransactionEnergy, MeterSamplesQuery } from './application/meter-samples.query';
export { meteringApiModule, type MeteringApiSource } from './api/metering-api.module';

/** `StartService`-compatible; resolves with a `MeteringServiceHandle`. */
export const startMeteringService = meteringService.start;
