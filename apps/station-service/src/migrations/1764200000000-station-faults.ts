import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fault records (status error codes, Faulted, NotifyEvent problems, security events, offline
 * stations). At most one open fault per station, EVSE, connector, source and code (the partial
 * unique index), so concurrent replicas cannot open the same fault twice.
 * `station_fault_report` remembers which report refreshed or opened a fault: a re-delivered frame
 * is counted once.
 */
export class StationFaults1764200000000 implements MigrationInterface {
  name = 'StationFaults1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE station_fault (
        id bigserial PRIMARY KEY,
        station_id text NOT NULL,
        evse_id integer NOT NULL DEFAULT 0,
        connector_id integer NOT NULL DEFAULT 0,
        source text NOT NULL CHECK (source IN ('StatusNotification', 'NotifyEvent', 'SecurityEvent', 'Offline')),
        code text NOT NULL,
        vendor_code text,
        info text,
        protocol text,
        state text NOT NULL CHECK (state IN ('open', 'resolved')),
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        resolved_at timestamptz,
        resolved_by text CHECK (resolved_by IN ('station', 'operator')),
        occurrences integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX station_fault_open ON station_fault (station_id, evse_id, connector_id, source, code) WHERE state = 'open'`,
    );
    await q.query(`CREATE INDEX station_fault_station ON station_fault (station_id, first_seen_at)`);
    await q.query(`CREATE INDEX station_fault_first_seen ON station_fault (first_seen_at)`);
    await q.query(`
      CREATE TABLE station_fault_report (
        station_id text NOT NULL,
        connection_id text NOT NULL,
        message_id text NOT NULL,
        part text NOT NULL,
        fault_id bigint NOT NULL REFERENCES station_fault (id) ON DELETE CASCADE,
        PRIMARY KEY (station_id, connection_id, message_id, part)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE station_fault_report');
    await q.query('DROP TABLE station_fault');
  }
}
