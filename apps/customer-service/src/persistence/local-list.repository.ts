import type { DataSource, EntityManager } from 'typeorm';
import type { LocalListEntry } from '../domain/local-list';
import { declareColumnBounds, TransientFailure } from '@voltlane/service-kit';

/** The stored local list of a station: what it holds as far as the CSMS knows. */
export interface StoredLocalList {
  stationId: string;
  /** The version the station holds (0 = none or empty). */
  version: number;
  protocol: string | null;
  entries: LocalListEntry[];
  lastUpdateType: string | null;
  /** The station's last SendLocalList status (Accepted, Failed, VersionMismatch, NotSupported). */
  lastStatus: string | null;
  lastRequestedVersion: number | null;
  lastCommandAt: Date | null;
  /** The last version the station reported in GetLocalListVersion (-1 = not supported). */
  reportedVersion: number | null;
  reportedAt: Date | null;
  updatedAt: Date | null;
}

export interface AppliedCommand {
  correlationId: string;
  stationId: string;
  action: string;
  status: string | null;
  listVersion: number | null;
  answeredAt: Date;
}

interface Row {
  station_id: string;
  version: number;
  protocol: string | null;
  entries: LocalListEntry[];
  last_update_type: string | null;
  last_status: string | null;
  last_requested_version: number | null;
  last_command_at: Date | null;
  reported_version: number | null;
  reported_at: Date | null;
  updated_at: Date;
}

/**
 * The local_lists and local_list_commands columns (no entities: raw SQL only), as the migration
 * declares them, keyed by column with the property names of `StoredLocalList` / `AppliedCommand`.
 * The versions and entries come from the SendLocalList sent and the station's answers.
 */
const LIST_BOUNDS = declareColumnBounds('local_lists', {
  station_id: { type: 'text', propertyName: 'stationId' },
  version: { type: 'integer' },
  protocol: { type: 'text' },
  entries: { type: 'jsonb' },
  last_update_type: { type: 'text', propertyName: 'lastUpdateType' },
  last_status: { type: 'text', propertyName: 'lastStatus' },
  last_requested_version: { type: 'integer', propertyName: 'lastRequestedVersion' },
  last_command_at: { type: 'timestamptz', propertyName: 'lastCommandAt' },
  reported_version: { type: 'integer', propertyName: 'reportedVersion' },
  reported_at: { type: 'timestamptz', propertyName: 'reportedAt' },
  updated_at: { type: 'timestamptz', propertyName: 'updatedAt' },
});
const COMMAND_BOUNDS = declareColumnBounds('local_list_commands', {
  correlation_id: { type: 'text', propertyName: 'correlationId' },
  station_id: { type: 'text', propertyName: 'stationId' },
  action: { type: 'text' },
  status: { type: 'text' },
  list_version: { type: 'integer', propertyName: 'listVersion' },
  answered_at: { type: 'timestamptz', propertyName: 'answeredAt' },
});

/** I/O for local lists; every change happens in `withStationLocked` after recording the command once. */
export class LocalListRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(stationId: string): Promise<StoredLocalList> {
    LIST_BOUNDS.assert({ stationId });
    const rows: Row[] = await this.dataSource.query(`SELECT * FROM local_lists WHERE station_id = $1`, [stationId]);
    return rows[0] ? fromRow(rows[0]) : empty(stationId);
  }

  /**
   * Runs `change` on the station's list inside one transaction, once per command: false (and
   * nothing changed) when the command's correlation id was applied before. The command is checked
   * against its columns before any SQL; the changed list before its UPDATE (a refusal then rolls
   * the command's record back too, so nothing of it is stored).
   */
  async applyOnce(command: AppliedCommand, change: (list: StoredLocalList) => Partial<StoredLocalList> | null): Promise<boolean> {
    COMMAND_BOUNDS.assert({ ...command });
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO local_list_commands (correlation_id, station_id, action, status, list_version, answered_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (correlation_id) DO NOTHING RETURNING correlation_id`,
        [command.correlationId, command.stationId, command.action, command.status, command.listVersion, command.answeredAt],
      );
      if (inserted.length === 0) return false;
      const list = await this.lock(manager, command.stationId);
      const updated = change(list);
      if (updated) await this.write(manager, { ...list, ...updated, updatedAt: new Date() });
      return true;
    });
  }

  private async lock(manager: EntityManager, stationId: string): Promise<StoredLocalList> {
    await manager.query(`INSERT INTO local_lists (station_id, updated_at) VALUES ($1, now()) ON CONFLICT (station_id) DO NOTHING`, [
      stationId,
    ]);
    const rows: Row[] = await manager.query(`SELECT * FROM local_lists WHERE station_id = $1 FOR UPDATE`, [stationId]);
    if (!rows[0]) throw new TransientFailure(`local list of ${stationId} vanished`);
    return fromRow(rows[0]);
  }

  private async write(manager: EntityManager, list: StoredLocalList): Promise<void> {
    LIST_BOUNDS.assert({ ...list });
    await manager.query(
      `UPDATE local_lists SET version = $2, protocol = $3, entries = $4::jsonb, last_update_type = $5, last_status = $6,
         last_requested_version = $7, last_command_at = $8, reported_version = $9, reported_at = $10, updated_at = $11
       WHERE station_id = $1`,
      [
        list.stationId,
        list.version,
        list.protocol,
        JSON.stringify(list.entries),
        list.lastUpdateType,
        list.lastStatus,
        list.lastRequestedVersion,
        list.lastCommandAt,
        list.reportedVersion,
        list.reportedAt,
        list.updatedAt,
      ],
    );
  }
}

function empty(stationId: string): StoredLocalList {
  return {
    stationId,
    version: 0,
    protocol: null,
    entries: [],
    lastUpdateType: null,
    lastStatus: null,
    lastRequestedVersion: null,
    lastCommandAt: null,
    reportedVersion: null,
    reportedAt: null,
    updatedAt: null,
  };
}

function fromRow(row: Row): StoredLocalList {
  return {
    stationId: row.station_id,
    version: row.version,
    protocol: row.protocol,
    entries: row.entries,
    lastUpdateType: row.last_update_type,
    lastStatus: row.last_status,
    lastRequestedVersion: row.last_requested_version,
    lastCommandAt: row.last_command_at,
    reportedVersion: row.reported_version,
    reportedAt: row.reported_at,
    updatedAt: row.updated_at,
  };
}
