import type { DataSource } from 'typeorm';
import {
  AllocationHistoryRepository,
  type FlaggedStation,
  type HistoryCursor,
  type StoredAllocation,
} from '../../persistence/allocation-history.repository';
import { SiteRepository } from '../../persistence/site.repository';
import { markStationSiteDue } from '../../persistence/site-replan';
import { invalid, notFound } from '../topology/energy-error';
import { unknownSite } from '../topology/site.service';

export interface HistoryRequest {
  from?: Date;
  to?: Date;
  limit: number;
  /** From a previous page's `nextCursor`. */
  cursor?: string;
}

export interface HistoryPage {
  items: StoredAllocation[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

const INT64_MAX = 9_223_372_036_854_775_807n;

/** A cursor is opaque to clients: `<µs since the epoch>.<allocation id>`, base64url. */
export function encodeCursor(cursor: HistoryCursor): string {
  return Buffer.from(`${cursor.plannedUs.toString()}.${cursor.allocationId.toString()}`).toString('base64url');
}

export function decodeCursor(text: string): HistoryCursor {
  // µs up to 16 digits (until the year 2286) and a bigint id: nothing the database cannot compare.
  const match = /^(\d{1,16})\.(\d{1,19})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match || BigInt(match[2]) > INT64_MAX) throw invalid('BadCursor', 'cursor is not one this API gave out', 'cursor');
  return { plannedUs: BigInt(match[1]), allocationId: BigInt(match[2]) };
}

/**
 * The read side of the planner's decisions (the live one and the history) and of the stations
 * flagged for refusing profiles; un-flagging a station marks its site due.
 */
export class AllocationQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly debounceMs: number,
  ) {}

  /** The site's latest decision; NotFound when the site is unknown or was never planned. */
  async live(siteId: string): Promise<StoredAllocation> {
    const latest = await new AllocationHistoryRepository(this.dataSource).latest(siteId);
    if (latest) return latest;
    await this.requireSite(siteId);
    throw notFound('NotPlanned', `site ${siteId} has not been planned yet`);
  }

  async history(siteId: string, request: HistoryRequest): Promise<HistoryPage> {
    if (request.from && request.to && request.to <= request.from) throw invalid('EmptyRange', 'to must be after from', 'to');
    const after = request.cursor === undefined ? undefined : decodeCursor(request.cursor);
    await this.requireSite(siteId);
    const rows = await new AllocationHistoryRepository(this.dataSource).page(siteId, {
      from: request.from,
      to: request.to,
      limit: request.limit,
      after,
    });
    const items = rows.slice(0, request.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > request.limit && last ? encodeCursor(last.cursor) : null };
  }

  flagged(): Promise<FlaggedStation[]> {
    return new AllocationHistoryRepository(this.dataSource).flagged();
  }

  /** Clears a station's flag (its sessions are managed again) and marks its site due. */
  async unflag(stationId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await new AllocationHistoryRepository(manager).unflag(stationId)))
        throw notFound('NotFlagged', `station ${stationId} is not flagged`);
      await markStationSiteDue(manager, stationId, `station ${stationId} un-flagged`, this.debounceMs);
    });
  }

  private async requireSite(siteId: string): Promise<void> {
    if (!(await new SiteRepository(this.dataSource).get(siteId))) throw unknownSite(siteId);
  }
}
