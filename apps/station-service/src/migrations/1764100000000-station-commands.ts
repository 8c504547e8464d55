import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Results of CSMS→station commands the station-service applies (from `ocpp.commands.v1`):
 * request records (firmware, diagnostics, logs, reset, certificates) and the operative state
 * set by ChangeAvailability. `correlation_id` makes a re-delivered event a no-op.
 */
export class StationCommands1764100000000 implements MigrationInterface {
  name = 'StationCommands1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE station_command_record (
        id bigserial PRIMARY KEY,
        station_id text NOT NULL,
        correlation_id text NOT NULL UNIQUE,
        action text NOT NULL,
        protocol text,
        request_id integer,
        file_name text,
        status text,
        request jsonb NOT NULL,
        response jsonb,
        sent_by text NOT NULL,
        sent_at timestamptz NOT NULL,
        answered_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX station_command_record_station ON station_command_record (station_id, action, sent_at)`);
    await q.query(`
      CREATE TABLE availability (
        station_id text NOT NULL,
        evse_id integer NOT NULL,
        connector_id integer NOT NULL,
        operational_status text NOT NULL,
        response_status text NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (station_id, evse_id, connector_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE availability');
    await q.query('DROP TABLE station_command_record');
  }
}
