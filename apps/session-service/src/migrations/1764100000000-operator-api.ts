import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the operator API and the applied command results need: ids the CSMS generates (remote
 * start, reservation, GetChargingProfiles request), remote starts waiting for their session,
 * charging profiles the stations accepted, reservation details, and the command results applied.
 */
export class OperatorApi1764100000000 implements MigrationInterface {
  name = 'OperatorApi1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE remote_start_id_seq AS integer START 1 MINVALUE 1`);
    await q.query(`CREATE SEQUENCE reservation_id_seq AS integer START 1 MINVALUE 1`);
    await q.query(`CREATE SEQUENCE request_id_seq AS integer START 1 MINVALUE 1`);
    await q.query(`
      CREATE TABLE remote_start (
        station_id text NOT NULL,
        remote_start_id integer NOT NULL,
        protocol text NOT NULL,
        id_token text NOT NULL,
        id_token_type text,
        evse_id integer,
        connector_id integer,
        status text NOT NULL,
        transaction_ref text,
        session_id uuid,
        correlation_id text UNIQUE,
        requested_at timestamptz NOT NULL DEFAULT now(),
        answered_at timestamptz,
        PRIMARY KEY (station_id, remote_start_id)
      )`);
    await q.query(`CREATE INDEX remote_start_pending_idx ON remote_start (station_id, requested_at) WHERE session_id IS NULL`);
    await q.query(`
      CREATE TABLE charging_profile (
        station_id text NOT NULL,
        profile_id integer NOT NULL,
        protocol text NOT NULL,
        evse_id integer NOT NULL,
        stack_level integer NOT NULL,
        purpose text NOT NULL,
        transaction_ref text,
        profile jsonb NOT NULL,
        correlation_id text NOT NULL,
        set_at timestamptz NOT NULL,
        PRIMARY KEY (station_id, profile_id)
      )`);
    await q.query(`
      CREATE TABLE applied_command (
        correlation_id text PRIMARY KEY,
        station_id text NOT NULL,
        action text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const column of [
      'protocol text',
      'connector_id integer',
      'evse_id integer',
      'id_token text',
      'id_token_type text',
      'group_id_token text',
      'requested_at timestamptz',
    ]) {
      await q.query(`ALTER TABLE reservation ADD COLUMN ${column}`);
    }
    await q.query(`ALTER TABLE reservation ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const column of [
      'protocol',
      'connector_id',
      'evse_id',
      'id_token',
      'id_token_type',
      'group_id_token',
      'requested_at',
      'created_at',
    ]) {
      await q.query(`ALTER TABLE reservation DROP COLUMN IF EXISTS ${column}`);
    }
    for (const table of ['applied_command', 'charging_profile', 'remote_start']) await q.query(`DROP TABLE IF EXISTS ${table}`);
    for (const sequence of ['request_id_seq', 'reservation_id_seq', 'remote_start_id_seq'])
      await q.query(`DROP SEQUENCE IF EXISTS ${sequence}`);
  }
}
