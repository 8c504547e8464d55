import type { DataSource, EntityManager } from 'typeorm';
import { declareColumnBounds } from '@voltlane/service-kit';
import { returned } from './remote-start.repository';

/** A charging profile a station accepted (SetChargingProfile), as sent. */
export interface StoredChargingProfile {
  stationId: string;
  profileId: number;
  protocol: string;
  /** 1.6: the connector id; 2.x: the EVSE id (0: the whole station). */
  evseId: number;
  stackLevel: number;
  purpose: string;
  transactionRef: string | null;
  profile: Record<string, unknown>;
  setAt: Date;
}

/** ClearChargingProfile filters: the id alone, or any of the criteria (absent = any). */
export interface ClearFilter {
  profileId?: number;
  evseId?: number;
  purpose?: string;
  stackLevel?: number;
}

/**
 * The charging_profile and applied_command columns (no entities: raw SQL only), as the migration
 * declares them; keyed by column, with the property names of `StoredChargingProfile`.
 */
const PROFILE_BOUNDS = declareColumnBounds('charging_profile', {
  station_id: { type: 'text', propertyName: 'stationId' },
  profile_id: { type: 'integer', propertyName: 'profileId' },
  protocol: { type: 'text' },
  evse_id: { type: 'integer', propertyName: 'evseId' },
  stack_level: { type: 'integer', propertyName: 'stackLevel' },
  purpose: { type: 'text' },
  transaction_ref: { type: 'text', propertyName: 'transactionRef' },
  profile: { type: 'jsonb' },
  correlation_id: { type: 'text', propertyName: 'correlationId' },
  set_at: { type: 'timestamptz', propertyName: 'setAt' },
});
const APPLIED_COMMAND_BOUNDS = declareColumnBounds('applied_command', {
  correlation_id: { type: 'text', propertyName: 'correlationId' },
  station_id: { type: 'text', propertyName: 'stationId' },
  action: { type: 'text' },
});

interface Row {
  station_id: string;
  profile_id: number;
  protocol: string;
  evse_id: number;
  stack_level: number;
  purpose: string;
  transaction_ref: string | null;
  profile: Record<string, unknown>;
  set_at: Date;
}

export class ChargingProfileRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** An accepted profile replaces the one with the same id, and the one with the same stack level and purpose on the same EVSE/connector. */
  async store(m: EntityManager, p: StoredChargingProfile & { correlationId: string }): Promise<void> {
    // Raw SQL: the profile as sent (station- and operator-chosen values) is checked before the DELETE.
    PROFILE_BOUNDS.assert({ ...p });
    await m.query(
      `DELETE FROM charging_profile WHERE station_id = $1 AND (profile_id = $2 OR (evse_id = $3 AND stack_level = $4 AND purpose = $5))`,
      [p.stationId, p.profileId, p.evseId, p.stackLevel, p.purpose],
    );
    await m.query(
      `INSERT INTO charging_profile (station_id, profile_id, protocol, evse_id, stack_level, purpose, transaction_ref, profile, correlation_id, set_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        p.stationId,
        p.profileId,
        p.protocol,
        p.evseId,
        p.stackLevel,
        p.purpose,
        p.transactionRef,
        JSON.stringify(p.profile),
        p.correlationId,
        p.setAt,
      ],
    );
  }

  /** Removes what an accepted ClearChargingProfile cleared; returns how many. */
  async clear(m: EntityManager, stationId: string, filter: ClearFilter): Promise<number> {
    PROFILE_BOUNDS.assert({ stationId, ...filter });
    const where = ['station_id = $1'];
    const params: unknown[] = [stationId];
    const add = (column: string, value: unknown) => {
      params.push(value);
      where.push(`${column} = $${params.length}`);
    };
    if (filter.profileId !== undefined) add('profile_id', filter.profileId);
    else {
      if (filter.evseId !== undefined) add('evse_id', filter.evseId);
      if (filter.purpose !== undefined) add('purpose', filter.purpose);
      if (filter.stackLevel !== undefined) add('stack_level', filter.stackLevel);
    }
    const result: unknown = await m.query(`DELETE FROM charging_profile WHERE ${where.join(' AND ')} RETURNING profile_id`, params);
    return returned(result).length;
  }

  async list(
    stationId: string,
    filter: { evseId?: number; purpose?: string; limit: number; offset: number },
  ): Promise<{ items: StoredChargingProfile[]; total: number }> {
    PROFILE_BOUNDS.assert({ stationId, evseId: filter.evseId, purpose: filter.purpose });
    const where = ['station_id = $1'];
    const params: unknown[] = [stationId];
    if (filter.evseId !== undefined) {
      params.push(filter.evseId);
      where.push(`evse_id = $${params.length}`);
    }
    if (filter.purpose !== undefined) {
      params.push(filter.purpose);
      where.push(`purpose = $${params.length}`);
    }
    const total = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::integer AS n FROM charging_profile WHERE ${where.join(' AND ')}`,
      params,
    );
    const rows = await this.dataSource.query<Row[]>(
      `SELECT * FROM charging_profile WHERE ${where.join(' AND ')} ORDER BY evse_id, purpose, stack_level DESC, profile_id LIMIT ${filter.limit} OFFSET ${filter.offset}`,
      params,
    );
    return { items: rows.map(toProfile), total: total[0].n };
  }

  async find(stationId: string, profileId: number): Promise<StoredChargingProfile | null> {
    const rows = await this.dataSource.query<Row[]>(`SELECT * FROM charging_profile WHERE station_id = $1 AND profile_id = $2`, [
      stationId,
      profileId,
    ]);
    return rows[0] ? toProfile(rows[0]) : null;
  }

  async nextRequestId(): Promise<number> {
    const rows = await this.dataSource.query<{ id: number }[]>(`SELECT nextval('request_id_seq')::integer AS id`);
    return rows[0].id;
  }

  /** Records a command result as applied; false when it already was (re-delivery). */
  async markApplied(m: EntityManager, correlationId: string, stationId: string, action: string): Promise<boolean> {
    APPLIED_COMMAND_BOUNDS.assert({ correlationId, stationId, action });
    const result: unknown = await m.query(
      `INSERT INTO applied_command (correlation_id, station_id, action) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING correlation_id`,
      [correlationId, stationId, action],
    );
    return returned(result).length > 0;
  }
}

function toProfile(row: Row): StoredChargingProfile {
  return {
    stationId: row.station_id,
    profileId: row.profile_id,
    protocol: row.protocol,
    evseId: row.evse_id,
    stackLevel: row.stack_level,
    purpose: row.purpose,
    transactionRef: row.transaction_ref,
    profile: row.profile,
    setAt: row.set_at,
  };
}
