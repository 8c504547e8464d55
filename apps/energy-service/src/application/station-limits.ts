import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { stationLimitOf } from '../domain/charging-limit';
import { ExternalLimitRepository } from '../persistence/external-limit.repository';
import type { NodeRepository } from '../persistence/node.repository';
import { markSiteDue } from '../persistence/site-replan';
import { rowsOf } from '../persistence/sql-values';

/** A station's report of its local controller's limit (NotifyChargingLimit), as the handler sees it. */
export interface ReportedLimit {
  chargingLimit: { chargingLimitSource: string };
  chargingSchedule?: unknown[];
  evseId?: number;
}

/** A stable UUID for a station's report (re-delivery stores the same limit once). */
export function reportedLimitId(stationId: string, messageId: string): string {
  const hex = createHash('sha1').update(`${stationId}\u0000${messageId}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Limits from stations' local controllers (K12, K13): a NotifyChargingLimit becomes an external
 * limit (source `station`, origin = its chargingLimitSource) on the station's node (its EVSE node
 * when it names an EVSE that the tree has), replacing the station's earlier one of that source and
 * EVSE; ClearedChargingLimit clears them. Either re-plans the site. A station in no site is
 * acknowledged and nothing is stored (there is nothing to share).
 */
export class StationLimits {
  constructor(
    private readonly dataSource: DataSource,
    private readonly nodes: NodeRepository,
    private readonly debounceMs: number,
  ) {}

  async notified(stationId: string, report: ReportedLimit, messageId: string): Promise<void> {
    const stationNode = await this.nodes.stationNode(stationId);
    if (!stationNode) return;
    const evseId = report.evseId ?? null;
    const evseNode = evseId ? await this.evseNode(stationNode.siteId, stationId, evseId) : null;
    const limit = stationLimitOf(report.chargingSchedule);
    const limitId = reportedLimitId(stationId, messageId);
    const origin = report.chargingLimit.chargingLimitSource.slice(0, 64);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE external_limits SET cleared_at = now()
         WHERE source = 'station' AND station_id = $1 AND origin = $2 AND evse_id IS NOT DISTINCT FROM $3 AND cleared_at IS NULL AND limit_id <> $4`,
        [stationId, origin, evseId, limitId],
      );
      if (limit) {
        await new ExternalLimitRepository(manager).upsert({
          limitId,
          siteId: stationNode.siteId,
          nodeId: evseNode ?? stationNode.nodeId,
          source: 'station',
          origin,
          stationId,
          evseId,
          limitA: limit.limitA !== undefined ? [limit.limitA, limit.limitA, limit.limitA] : null,
          limitKw: limit.limitKw ?? null,
          validFrom: limit.validFrom !== undefined ? new Date(limit.validFrom) : null,
          validTo: limit.validTo !== undefined ? new Date(limit.validTo) : null,
        });
      }
      await markSiteDue(manager, stationNode.siteId, `station-limit:${stationId}`, this.debounceMs);
    });
  }

  /** ClearedChargingLimit: the station's limits of that source end (of that EVSE when it names one). */
  async cleared(stationId: string, chargingLimitSource: string, evseId: number | undefined): Promise<void> {
    const cleared = rowsOf<{ site_id: string }>(
      await this.dataSource.query(
        `UPDATE external_limits SET cleared_at = now()
         WHERE source = 'station' AND station_id = $1 AND origin = $2 AND ($3::int IS NULL OR evse_id = $3) AND cleared_at IS NULL
         RETURNING site_id`,
        [stationId, chargingLimitSource.slice(0, 64), evseId ?? null],
      ),
    );
    for (const siteId of new Set(cleared.map((r) => r.site_id)))
      await markSiteDue(this.dataSource, siteId, `station-limit-cleared:${stationId}`, this.debounceMs);
  }

  private async evseNode(siteId: string, stationId: string, evseId: number): Promise<string | null> {
    const nodes = await this.nodes.ofSite(siteId);
    return nodes.find((n) => n.kind === 'evse' && n.stationId === stationId && n.evseId === evseId)?.nodeId ?? null;
  }
}
