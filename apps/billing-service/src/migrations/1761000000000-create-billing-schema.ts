import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createFailuresTableSql } from '@voltlane/service-kit';

/**
 * Tariffs (immutable versions) and their assignments, the sessions billing follows, issued CDRs
 * (one per session: both `cdr_id` and `session_id` unique), the token read model and dead letters.
 * Unqualified names: the connection's search_path is the service's schema.
 */
export class CreateBillingSchema1761000000000 implements MigrationInterface {
  readonly name = 'CreateBillingSchema1761000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tariffs (
        id uuid NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        name text NOT NULL,
        currency char(3) NOT NULL,
        time_zone text NOT NULL,
        energy_per_kwh numeric(18, 6) NOT NULL CHECK (energy_per_kwh >= 0),
        charging_per_minute numeric(18, 6) NOT NULL CHECK (charging_per_minute >= 0),
        idle_per_minute numeric(18, 6) NOT NULL CHECK (idle_per_minute >= 0),
        idle_grace_minutes integer NOT NULL CHECK (idle_grace_minutes >= 0),
        session_fee numeric(18, 6) NOT NULL CHECK (session_fee >= 0),
        bands jsonb NOT NULL DEFAULT '[]',
        tax_rate_percent numeric(7, 4) NOT NULL CHECK (tax_rate_percent BETWEEN 0 AND 100),
        rounding text NOT NULL CHECK (rounding IN ('HALF_UP', 'HALF_EVEN')),
        valid_from timestamptz NOT NULL,
        valid_to timestamptz NULL CHECK (valid_to IS NULL OR valid_to > valid_from),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id, version)
      )`);
    await queryRunner.query(`
      CREATE TABLE tariff_assignments (
        id uuid PRIMARY KEY,
        tariff_id uuid NOT NULL,
        scope text NOT NULL CHECK (scope IN ('default', 'station', 'customerGroup')),
        station_id text NULL,
        customer_group text NULL,
        valid_from timestamptz NOT NULL,
        valid_to timestamptz NULL CHECK (valid_to IS NULL OR valid_to > valid_from),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((scope = 'station') = (station_id IS NOT NULL)),
        CHECK ((scope = 'customerGroup') = (customer_group IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX tariff_assignments_station_idx ON tariff_assignments (station_id) WHERE scope = 'station'`);
    await queryRunner.query(
      `CREATE INDEX tariff_assignments_group_idx ON tariff_assignments (customer_group) WHERE scope = 'customerGroup'`,
    );
    await queryRunner.query(`
      CREATE TABLE billing_sessions (
        session_id uuid PRIMARY KEY,
        station_id text NOT NULL,
        protocol text NOT NULL,
        transaction_ref text NOT NULL,
        id_token_key text NULL,
        connector_id integer NULL,
        evse_id integer NULL,
        started_at timestamptz NOT NULL,
        ended_at timestamptz NULL,
        energy_wh numeric(18, 3) NOT NULL,
        charging_seconds integer NOT NULL,
        idle_seconds integer NOT NULL,
        anomalies jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL CHECK (status IN ('Active', 'Ended')),
        last_occurred_at timestamptz NOT NULL,
        running_cost jsonb NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX billing_sessions_active_idx ON billing_sessions (station_id) WHERE status = 'Active'`);
    await queryRunner.query(`
      CREATE TABLE cdrs (
        cdr_id uuid PRIMARY KEY,
        session_id uuid NOT NULL,
        station_id text NOT NULL,
        payload text NOT NULL,
        issued_at timestamptz NOT NULL,
        published_at timestamptz NULL,
        publish_count integer NOT NULL DEFAULT 0,
        CONSTRAINT cdrs_session_id_key UNIQUE (session_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE customer_tokens (
        key text PRIMARY KEY,
        customer_id text NULL,
        customer_group text NULL,
        revision bigint NOT NULL,
        deleted boolean NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(createFailuresTableSql('billing_failures'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['billing_failures', 'customer_tokens', 'cdrs', 'billing_sessions', 'tariff_assignments', 'tariffs']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
