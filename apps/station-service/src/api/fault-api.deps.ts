import type { FaultService } from '../application/fault.service';
import type { FaultApiQueries } from './fault-api.queries';

/** What the faults controllers use (built from the service handle). */
export interface FaultApiDeps {
  queries: FaultApiQueries;
  faults: FaultService;
  stationExists(id: string): Promise<boolean>;
}

export const FAULT_API = Symbol('FaultApiDeps');
