import type { MigrationInterface, QueryRunner } from 'typeorm';

const PHASES = (prefix: string, nullable: boolean) =>
  ['l1', 'l2', 'l3'].map((p) => `${prefix}_${p}_a numeric(8, 1) ${nullable ? 'NULL' : 'NOT NULL DEFAULT 0'}`).join(',\n        ');

/**
 * The energy-service's schema: sites and their electrical trees, the limits imposed on them, the
 * active sessions it shares capacity between, what it installed at each station, and every decision.
 * - sites: one grid connection each, with its settings; `replan_due_at` is set by every trigger
 *   (session start/stop, a limit, an overload) and claimed by the planner with SKIP LOCKED, so
 *   replicas never plan the same site at once.
 * - nodes: the tree (grid → circuits of any depth → stations → EVSEs); per-phase current limits (A,
 *   on the grid's phases) and/or a power limit (kW); the fixed unmanaged load; a station node names
 *   its station, phase rotation and number of EVSEs, an EVSE node its EVSE, priority and rating.
 * - measured_loads: the latest measured unmanaged load per node (API or energy.site-loads.v1).
 * - external_limits: limits for a while, from a grid operator (API, energy.grid-limits.v1) or a
 *   station's local controller (NotifyChargingLimit; ended by ClearedChargingLimit).
 * - priority_rules / token_groups: priority per id token or customer group (customers.tokens.v1).
 * - sessions: the active sessions (sessions.lifecycle.v1), with what was learnt from metering
 *   (phases, measured draw) and an EV's ISO 15118 charging needs and schedule.
 * - stations: connection state (stations.connections.v1) and the flag of a station that rejects profiles.
 * - applied_limits: the last profile sent per station, EVSE and purpose, and its answer; the limit
 *   the station last accepted there (an offline station is counted at it).
 * - allocations: every decision (who got what, why, when), also published on energy.allocations.v1.
 * Unqualified names: the connection's search_path is the service's schema.
 */
export class CreateEnergySchema1765400000000 implements MigrationInterface {
  readonly name = 'CreateEnergySchema1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sites (
        site_id text PRIMARY KEY CHECK (site_id ~ '^[A-Za-z0-9._-]{1,64}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        safety_margin_pct numeric(5, 2) NOT NULL DEFAULT 0 CHECK (safety_margin_pct >= 0 AND safety_margin_pct <= 50),
        voltage_v numeric(6, 1) NOT NULL DEFAULT 230 CHECK (voltage_v > 0),
        replan_due_at timestamptz NULL,
        replan_reasons text[] NOT NULL DEFAULT '{}',
        planned_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX sites_replan_due_idx ON sites (replan_due_at) WHERE replan_due_at IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE nodes (
        site_id text NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
        node_id text NOT NULL CHECK (node_id ~ '^[A-Za-z0-9._:-]{1,64}$'),
        parent_id text NULL,
        kind text NOT NULL CHECK (kind IN ('grid', 'circuit', 'station', 'evse')),
        name text NULL CHECK (name IS NULL OR length(name) <= 200),
        ${PHASES('limit', true)},
        limit_kw numeric(10, 2) NULL CHECK (limit_kw IS NULL OR limit_kw >= 0),
        ${PHASES('unmanaged', false)},
        station_id text NULL CHECK (station_id IS NULL OR length(station_id) BETWEEN 1 AND 48),
        phase_rotation text NULL CHECK (phase_rotation IS NULL OR phase_rotation IN ('RST', 'RTS', 'SRT', 'STR', 'TRS', 'TSR')),
        evse_id integer NULL CHECK (evse_id IS NULL OR evse_id > 0),
        evse_count smallint NULL CHECK (evse_count IS NULL OR evse_count > 0),
        priority integer NULL,
        max_a numeric(8, 1) NULL CHECK (max_a IS NULL OR max_a > 0),
        dc boolean NOT NULL DEFAULT false,
        PRIMARY KEY (site_id, node_id),
        FOREIGN KEY (site_id, parent_id) REFERENCES nodes (site_id, node_id) ON DELETE CASCADE,
        CHECK ((kind = 'grid') = (parent_id IS NULL)),
        CHECK ((kind IN ('station', 'evse')) = (station_id IS NOT NULL)),
        CHECK ((kind = 'evse') = (evse_id IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX nodes_one_root_idx ON nodes (site_id) WHERE kind = 'grid'`);
    await queryRunner.query(`CREATE UNIQUE INDEX nodes_station_idx ON nodes (station_id) WHERE kind = 'station'`);
    await queryRunner.query(`CREATE UNIQUE INDEX nodes_evse_idx ON nodes (station_id, evse_id) WHERE kind = 'evse'`);
    await queryRunner.query(`
      CREATE TABLE measured_loads (
        site_id text NOT NULL,
        node_id text NOT NULL,
        l1_a numeric(8, 1) NOT NULL,
        l2_a numeric(8, 1) NOT NULL,
        l3_a numeric(8, 1) NOT NULL,
        measured_at timestamptz NOT NULL,
        source text NOT NULL CHECK (source IN ('api', 'topic')),
        PRIMARY KEY (site_id, node_id),
        FOREIGN KEY (site_id, node_id) REFERENCES nodes (site_id, node_id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE external_limits (
        limit_id uuid PRIMARY KEY,
        site_id text NOT NULL,
        node_id text NOT NULL,
        source text NOT NULL CHECK (source IN ('api', 'topic', 'station')),
        origin text NULL CHECK (origin IS NULL OR length(origin) <= 64),
        station_id text NULL,
        evse_id integer NULL,
        ${PHASES('limit', true)},
        limit_kw numeric(10, 2) NULL CHECK (limit_kw IS NULL OR limit_kw >= 0),
        valid_from timestamptz NULL,
        valid_to timestamptz NULL CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to > valid_from),
        created_at timestamptz NOT NULL DEFAULT now(),
        cleared_at timestamptz NULL,
        FOREIGN KEY (site_id, node_id) REFERENCES nodes (site_id, node_id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX external_limits_site_idx ON external_limits (site_id) WHERE cleared_at IS NULL`);
    await queryRunner.query(`CREATE INDEX external_limits_station_idx ON external_limits (station_id) WHERE cleared_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE priority_rules (
        match text NOT NULL CHECK (match IN ('token', 'group')),
        value text NOT NULL CHECK (length(value) BETWEEN 1 AND 128),
        priority integer NOT NULL,
        PRIMARY KEY (match, value)
      )`);
    await queryRunner.query(`
      CREATE TABLE token_groups (
        id_token_key text PRIMARY KEY,
        group_key text NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE sessions (
        session_id uuid PRIMARY KEY,
        station_id text NOT NULL,
        protocol text NOT NULL,
        transaction_ref text NOT NULL,
        evse_id integer NULL,
        connector_id integer NULL,
        id_token_key text NULL,
        started_at timestamptz NOT NULL,
        ended_at timestamptz NULL,
        phases smallint NULL CHECK (phases IS NULL OR phases IN (1, 2, 3)),
        ${PHASES('measured', true)},
        measured_at timestamptz NULL,
        under_use_since timestamptz NULL,
        needs jsonb NULL,
        needs_at timestamptz NULL,
        ev_schedule jsonb NULL
      )`);
    await queryRunner.query(`CREATE INDEX sessions_active_station_idx ON sessions (station_id) WHERE ended_at IS NULL`);
    await queryRunner.query(`CREATE INDEX sessions_transaction_idx ON sessions (station_id, transaction_ref)`);
    await queryRunner.query(`
      CREATE TABLE stations (
        station_id text PRIMARY KEY,
        connected boolean NOT NULL,
        connection_id text NULL,
        changed_at timestamptz NOT NULL,
        flagged_at timestamptz NULL,
        flag_reason text NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE applied_limits (
        station_id text NOT NULL,
        evse_id integer NOT NULL,
        purpose text NOT NULL CHECK (purpose IN ('TxProfile', 'TxDefaultProfile')),
        session_id uuid NULL,
        profile_id integer NOT NULL,
        limit_a numeric(8, 1) NOT NULL,
        phases smallint NOT NULL,
        status text NOT NULL CHECK (status IN ('Sent', 'Accepted', 'Rejected', 'Failed')),
        accepted_limit_a numeric(8, 1) NULL,
        sent_at timestamptz NOT NULL,
        answered_at timestamptz NULL,
        PRIMARY KEY (station_id, evse_id, purpose)
      )`);
    await queryRunner.query(`
      CREATE TABLE allocations (
        allocation_id bigserial PRIMARY KEY,
        site_id text NOT NULL,
        planned_at timestamptz NOT NULL,
        triggers text[] NOT NULL,
        result jsonb NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX allocations_site_idx ON allocations (site_id, planned_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'allocations',
      'applied_limits',
      'stations',
      'sessions',
      'token_groups',
      'priority_rules',
      'external_limits',
      'measured_loads',
      'nodes',
      'sites',
    ])
      await queryRunner.query(`DROP TABLE ${table}`);
  }
}
