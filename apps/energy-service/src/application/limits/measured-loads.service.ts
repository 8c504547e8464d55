import type { DataSource } from 'typeorm';
import type { PhaseCurrents } from '@voltlane/energy-domain';
import { MeasuredLoadRepository, type LoadSource, type MeasuredLoad } from '../../persistence/measured-load.repository';
import { markSiteDue } from '../../persistence/site-replan';
import { conflict, invalid } from '../topology/energy-error';
import type { NodeService } from '../topology/node.service';

/** A measurement at most this far in the future is taken (clocks of meters drift); later is refused. */
export const MEASURED_AT_MAX_AHEAD_MS = 5 * 60_000;

export interface LoadInput {
  siteId: string;
  nodeId: string;
  currentA: PhaseCurrents;
  /** Default: now. */
  measuredAt?: Date;
}

/**
 * Measured unmanaged load per node, from the API and energy.site-loads.v1: the latest measurement
 * per node is kept (an older one than the stored one changes nothing) and the site is marked due.
 */
export class MeasuredLoadsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly nodes: NodeService,
    private readonly debounceMs: number,
    private readonly clock: () => number,
  ) {}

  /** Stores a measurement; `taken` is false when a later one is stored already (the stored one is returned). */
  async record(input: LoadInput, source: LoadSource): Promise<{ load: MeasuredLoad; taken: boolean }> {
    const now = this.clock();
    const measuredAt = input.measuredAt ?? new Date(now);
    if (measuredAt.getTime() > now + MEASURED_AT_MAX_AHEAD_MS)
      throw invalid('MeasuredInFuture', `measuredAt ${measuredAt.toISOString()} is in the future`, 'measuredAt');
    await this.nodes.require(this.dataSource, input.siteId, input.nodeId);
    return this.dataSource.transaction(async (manager) => {
      const { stored, taken } = await new MeasuredLoadRepository(manager).record({ ...input, measuredAt, source });
      if (taken) await markSiteDue(manager, input.siteId, `load measured on ${input.nodeId}`, this.debounceMs);
      return { load: stored, taken };
    });
  }

  /** The API's form: a measurement older than the stored one is a conflict the operator sees. */
  async put(input: LoadInput): Promise<MeasuredLoad> {
    const { load, taken } = await this.record(input, 'api');
    if (!taken)
      throw conflict(
        'StaleMeasurement',
        `node ${input.nodeId} has a later measurement (${load.measuredAt.toISOString()}) already`,
        'measuredAt',
      );
    return load;
  }
}
