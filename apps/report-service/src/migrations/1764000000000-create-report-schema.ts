import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createFailuresTableSql } from '@voltlane/service-kit';

/**
 * The report read model, built from public topics only. Every table is keyed by what makes a
 * fact unique, so a re-delivered record changes nothing:
 * - status_intervals: one row per status a connector entered (stations.status.v1); `ended_at` is
 *   the start of the connector's next status (NULL: still current). Connector '0/0' is the whole
 *   station (1.6 connector 0).
 * - station_connections: one row per WebSocket connection (stations.connections.v1).
 * - sessions: the latest state of each session (sessions.lifecycle.v1); Ended is final.
 * - faults: each transition into Faulted, with its error code.
 * - cdr_revenue: one row per CDR (billing.cdrs.v1), amounts as the CDR's decimal strings.
 * Unqualified names: the connection's search_path is the service's schema.
 */
export class CreateReportSchema1764000000000 implements MigrationInterface {
  readonly name = 'CreateReportSchema1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE status_intervals (
        station_id text NOT NULL,
        connector text NOT NULL,
        started_at timestamptz NOT NULL,
        ended_at timestamptz NULL CHECK (ended_at IS NULL OR ended_at >= started_at),
        status text NOT NULL,
        error_code text NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (station_id, connector, started_at)
      )`);
    await queryRunner.query(`CREATE INDEX status_intervals_started_idx ON status_intervals (started_at)`);
    await queryRunner.query(`
      CREATE TABLE station_connections (
        connection_id text PRIMARY KEY,
        station_id text NOT NULL,
        connected_at timestamptz NULL,
        disconnected_at timestamptz NULL
      )`);
    await queryRunner.query(`CREATE INDEX station_connections_station_idx ON station_connections (station_id, connected_at)`);
    await queryRunner.query(`
      CREATE TABLE sessions (
        session_id uuid PRIMARY KEY,
        station_id text NOT NULL,
        started_at timestamptz NOT NULL,
        ended_at timestamptz NULL,
        energy_wh numeric(18, 3) NOT NULL CHECK (energy_wh >= 0),
        charging_seconds integer NOT NULL CHECK (charging_seconds >= 0),
        idle_seconds integer NOT NULL CHECK (idle_seconds >= 0),
        ended boolean NOT NULL,
        occurred_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX sessions_started_idx ON sessions (started_at)`);
    await queryRunner.query(`CREATE INDEX sessions_station_started_idx ON sessions (station_id, started_at)`);
    await queryRunner.query(`
      CREATE TABLE faults (
        station_id text NOT NULL,
        connector text NOT NULL,
        at timestamptz NOT NULL,
        error_code text NOT NULL,
        PRIMARY KEY (station_id, connector, at)
      )`);
    await queryRunner.query(`CREATE INDEX faults_at_idx ON faults (at)`);
    await queryRunner.query(`
      CREATE TABLE cdr_revenue (
        cdr_id uuid PRIMARY KEY,
        session_id uuid NOT NULL,
        station_id text NOT NULL,
        started_at timestamptz NOT NULL,
        currency char(3) NOT NULL,
        total_excl_tax text NOT NULL,
        total_incl_tax text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX cdr_revenue_started_idx ON cdr_revenue (started_at)`);
    await queryRunner.query(createFailuresTableSql('report_failures'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['report_failures', 'cdr_revenue', 'faults', 'sessions', 'station_connections', 'status_intervals']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
