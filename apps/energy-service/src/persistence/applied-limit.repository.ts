import type { ProfilePurpose } from '../domain/profiles';
import { numberOf, rowsOf, type Queryable } from './sql-values';

export type AppliedStatus = 'Sent' | 'Accepted' | 'Rejected' | 'Failed';

/** The last profile sent to one EVSE of a station for one purpose, and what the station answered. */
export interface AppliedLimit {
  stationId: string;
  /** 0 for the fail-safe TxDefaultProfile. */
  evseId: number;
  purpose: ProfilePurpose;
  sessionId: string | null;
  profileId: number;
  /** Per phase, A (a DC limit as its per-phase equivalent). */
  limitA: number;
  phases: number;
  status: AppliedStatus;
  /** The limit the station last accepted here (an offline station is counted at it); null: none yet. */
  acceptedLimitA: number | null;
  sentAt: Date;
  answeredAt: Date | null;
}

interface AppliedRow {
  station_id: string;
  evse_id: number;
  purpose: ProfilePurpose;
  session_id: string | null;
  profile_id: number;
  limit_a: string;
  phases: number;
  status: AppliedStatus;
  accepted_limit_a: string | null;
  sent_at: Date;
  answered_at: Date | null;
}

const appliedOf = (r: AppliedRow): AppliedLimit => ({
  stationId: r.station_id,
  evseId: r.evse_id,
  purpose: r.purpose,
  sessionId: r.session_id,
  profileId: r.profile_id,
  limitA: Number(r.limit_a),
  phases: r.phases,
  status: r.status,
  acceptedLimitA: numberOf(r.accepted_limit_a),
  sentAt: r.sent_at,
  answeredAt: r.answered_at,
});

/** The `applied_limits` table: what the enforcer installed where (plain SQL). */
export class AppliedLimitRepository {
  constructor(private readonly db: Queryable) {}

  /** A profile is on its way (status Sent); what the station accepted before stays. */
  async sent(
    limit: Pick<AppliedLimit, 'stationId' | 'evseId' | 'purpose' | 'sessionId' | 'profileId' | 'limitA' | 'phases' | 'sentAt'>,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO applied_limits (station_id, evse_id, purpose, session_id, profile_id, limit_a, phases, status, sent_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'Sent', $8)
       ON CONFLICT (station_id, evse_id, purpose) DO UPDATE SET session_id = excluded.session_id, profile_id = excluded.profile_id,
         limit_a = excluded.limit_a, phases = excluded.phases, status = 'Sent', sent_at = excluded.sent_at, answered_at = NULL,
         accepted_limit_a = CASE WHEN applied_limits.session_id IS NOT DISTINCT FROM excluded.session_id THEN applied_limits.accepted_limit_a END`,
      [limit.stationId, limit.evseId, limit.purpose, limit.sessionId, limit.profileId, limit.limitA, limit.phases, limit.sentAt],
    );
  }

  /** The station's answer to the profile last sent there (an Accepted limit becomes the accepted one). */
  async answered(
    stationId: string,
    evseId: number,
    purpose: ProfilePurpose,
    status: Exclude<AppliedStatus, 'Sent'>,
    at: Date,
  ): Promise<void> {
    await this.db.query(
      `UPDATE applied_limits SET status = $4, answered_at = $5,
         accepted_limit_a = CASE WHEN $4 = 'Accepted' THEN limit_a ELSE accepted_limit_a END
       WHERE station_id = $1 AND evse_id = $2 AND purpose = $3`,
      [stationId, evseId, purpose, status, at],
    );
  }

  async get(stationId: string, evseId: number, purpose: ProfilePurpose): Promise<AppliedLimit | null> {
    const rows = rowsOf<AppliedRow>(
      await this.db.query('SELECT * FROM applied_limits WHERE station_id = $1 AND evse_id = $2 AND purpose = $3', [
        stationId,
        evseId,
        purpose,
      ]),
    );
    return rows[0] ? appliedOf(rows[0]) : null;
  }

  /** Every applied limit of these stations. */
  async ofStations(stationIds: readonly string[]): Promise<AppliedLimit[]> {
    if (stationIds.length === 0) return [];
    const rows = rowsOf<AppliedRow>(
      await this.db.query('SELECT * FROM applied_limits WHERE station_id = ANY ($1) ORDER BY station_id, evse_id, purpose', [stationIds]),
    );
    return rows.map(appliedOf);
  }

  /**
   * Forgets what was sent to an EVSE for a purpose, so that the next plan sends its profile whatever
   * the deadband says (the EV asked again, or its schedule was refused); the accepted limit stays.
   */
  async requireResend(stationId: string, evseId: number, purpose: ProfilePurpose): Promise<void> {
    await this.db.query(`UPDATE applied_limits SET status = 'Failed' WHERE station_id = $1 AND evse_id = $2 AND purpose = $3`, [
      stationId,
      evseId,
      purpose,
    ]);
  }
}
