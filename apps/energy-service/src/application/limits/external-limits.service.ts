import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { PhaseCurrents } from '@voltlane/energy-domain';
import { ExternalLimitRepository, type ExternalLimitRecord, type NewExternalLimit } from '../../persistence/external-limit.repository';
import { SiteRepository } from '../../persistence/site.repository';
import { markSiteDue } from '../../persistence/site-replan';
import { conflict, invalid, notFound } from '../topology/energy-error';
import type { NodeService } from '../topology/node.service';
import { unknownSite } from '../topology/site.service';

/** An external limit as an operator (API) or a grid operator's record (topic) gives it. */
export interface LimitInput {
  nodeId: string;
  /** One number: the same on all three phases. */
  limitA?: number | PhaseCurrents;
  limitKw?: number;
  validFrom?: Date;
  validTo?: Date;
  origin?: string;
}

/** A grid-limit record (energy.grid-limits.v1): the limit with its id, or its end. */
export interface TopicLimit extends LimitInput {
  limitId: string;
  siteId: string;
  cleared?: boolean;
}

/**
 * External limits from the API (source `api`) and energy.grid-limits.v1 (source `topic`); the
 * station-reported ones (source `station`) are listed with them. Every change marks the site due.
 */
export class ExternalLimitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly nodes: NodeService,
    private readonly debounceMs: number,
    private readonly clock: () => number,
  ) {}

  async add(siteId: string, input: LimitInput): Promise<ExternalLimitRecord> {
    const limit = this.limitOf(randomUUID(), siteId, 'api', input, false);
    if (limit.validTo && limit.validTo.getTime() <= this.clock())
      throw invalid('LimitOver', 'validTo is in the past: the limit would never be in force', 'validTo');
    await this.nodes.require(this.dataSource, siteId, input.nodeId).catch(asInvalidNode(input.nodeId));
    return this.dataSource.transaction(async (manager) => {
      const stored = await new ExternalLimitRepository(manager).insert(limit);
      await markSiteDue(manager, siteId, `limit ${stored.limitId} on ${input.nodeId} added`, this.debounceMs);
      return stored;
    });
  }

  /** The site's limits that are in force or start later (not cleared, not over), every source. */
  async current(siteId: string): Promise<ExternalLimitRecord[]> {
    if (!(await new SiteRepository(this.dataSource).get(siteId))) throw unknownSite(siteId);
    return new ExternalLimitRepository(this.dataSource).current(siteId, new Date(this.clock()));
  }

  /** Clears an API or topic limit; a station-reported one ends only when the station clears it. */
  async clear(siteId: string, limitId: string): Promise<void> {
    const limits = new ExternalLimitRepository(this.dataSource);
    const limit = await limits.get(limitId);
    if (!limit || limit.siteId !== siteId || limit.clearedAt !== null) {
      if (!(await new SiteRepository(this.dataSource).get(siteId))) throw unknownSite(siteId);
      throw notFound('UnknownLimit', `no limit ${limitId} in force or ahead in site ${siteId}`);
    }
    if (limit.source === 'station')
      throw conflict(
        'StationLimit',
        `limit ${limitId} was reported by station ${limit.stationId ?? ''}; it ends when the station sends ClearedChargingLimit`,
      );
    await this.dataSource.transaction(async (manager) => {
      if (await new ExternalLimitRepository(manager).clear(siteId, limitId))
        await markSiteDue(manager, siteId, `limit ${limitId} cleared`, this.debounceMs);
    });
  }

  /**
   * Applies an energy.grid-limits.v1 record: idempotent on limitId (a re-delivery changes nothing),
   * a later record replaces the limit, `cleared` ends it for good. Unknown site or node, or a limit
   * id of another site, node or source: an EnergyError (the consumer parks the record).
   */
  async applyTopicLimit(record: TopicLimit): Promise<void> {
    await this.nodes.require(this.dataSource, record.siteId, record.nodeId);
    const limit = this.limitOf(record.limitId, record.siteId, 'topic', record, record.cleared === true);
    const limits = new ExternalLimitRepository(this.dataSource);
    const known = await limits.get(record.limitId);
    if (known && (known.siteId !== record.siteId || known.nodeId !== record.nodeId || known.source !== 'topic'))
      throw conflict(
        'LimitIdTaken',
        `limit ${record.limitId} is a ${known.source} limit on node ${known.nodeId} of site ${known.siteId}; a record cannot move it`,
      );
    await this.dataSource.transaction(async (manager) => {
      const repository = new ExternalLimitRepository(manager);
      const changed = record.cleared ? await repository.upsertCleared(limit) : await repository.upsert(limit);
      if (changed)
        await markSiteDue(
          manager,
          record.siteId,
          `grid limit ${record.limitId} ${record.cleared ? 'cleared' : 'set'} on ${record.nodeId}`,
          this.debounceMs,
        );
    });
  }

  private limitOf(limitId: string, siteId: string, source: 'api' | 'topic', input: LimitInput, cleared: boolean): NewExternalLimit {
    if (!cleared && input.limitA === undefined && input.limitKw === undefined)
      throw invalid('NoLimit', 'a limit needs limitA or limitKw (or both)', 'limitA');
    if (!cleared && input.validFrom && input.validTo && input.validTo <= input.validFrom)
      throw invalid('EmptyValidity', 'validTo must be after validFrom', 'validTo');
    const limitA = input.limitA;
    return {
      limitId,
      siteId,
      nodeId: input.nodeId,
      source,
      origin: input.origin ?? null,
      stationId: null,
      evseId: null,
      limitA: limitA === undefined ? null : typeof limitA === 'number' ? [limitA, limitA, limitA] : limitA,
      limitKw: input.limitKw ?? null,
      validFrom: input.validFrom ?? null,
      validTo: input.validTo ?? null,
    };
  }
}

/** A body that names an unknown node is invalid (400), not a missing resource; an unknown site stays 404. */
function asInvalidNode(nodeId: string): (error: unknown) => never {
  return (error) => {
    if ((error as { code?: string }).code === 'UnknownNode')
      throw invalid('UnknownNode', `nodeId ${nodeId} is no node of this site`, 'nodeId');
    throw error;
  };
}
