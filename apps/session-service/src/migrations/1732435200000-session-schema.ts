import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The session-service's tables (unqualified: the data source's search_path is the service schema). */
export class SessionSchema1732435200000 implements MigrationInterface {
  name = 'SessionSchema1732435200000';

  async up(q: QueryRunner): Promise<void> {
    // 1.6 transaction ids: unique positive 32-bit integers assigned by the CSMS.
    await q.query(`CREATE SEQUENCE ocpp16_transaction_id_seq AS integer START 1 MINVALUE 1`);
    await q.query(`
      CREATE TABLE session (
        id uuid PRIMARY KEY,
        protocol text NOT NULL,
        station_id text NOT NULL,
        transaction_ref text NOT NULL,
        transaction_id integer UNIQUE,
        natural_key text NOT NULL UNIQUE,
        connector_id integer,
        evse_id integer,
        id_token text,
        id_token_type text,
        id_token_key text,
        auth_status text,
        status text NOT NULL CHECK (status IN ('Active', 'Ended')),
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        meter_start_wh numeric(20, 3),
        meter_stop_wh numeric(20, 3),
        energy_wh numeric(20, 3) NOT NULL DEFAULT 0,
        charging_state text,
        charging_seconds integer NOT NULL DEFAULT 0,
        idle_seconds integer NOT NULL DEFAULT 0,
        charging_periods jsonb NOT NULL DEFAULT '[]',
        stopped_reason text,
        reservation_id integer,
        remote_start_id integer,
        offline boolean NOT NULL DEFAULT false,
        last_seq_no integer,
        anomalies jsonb NOT NULL DEFAULT '[]',
        answer jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX session_station_ref_idx ON session (station_id, transaction_ref)`);
    await q.query(`CREATE INDEX session_station_started_idx ON session (station_id, started_at DESC)`);
    await q.query(`CREATE INDEX session_active_token_idx ON session (id_token_key) WHERE status = 'Active'`);
    await q.query(`
      CREATE TABLE transaction_event (
        id bigserial PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES session (id) ON DELETE CASCADE,
        seq_no integer NOT NULL,
        event_type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        trigger_reason text NOT NULL,
        charging_state text,
        offline boolean NOT NULL DEFAULT false,
        register_wh numeric(20, 3),
        id_token text,
        id_token_type text,
        id_token_key text,
        auth_status text,
        evse_id integer,
        connector_id integer,
        stopped_reason text,
        remote_start_id integer,
        reservation_id integer,
        anomalies jsonb NOT NULL DEFAULT '[]',
        answer jsonb,
        message_id text NOT NULL,
        received_at timestamptz NOT NULL,
        UNIQUE (session_id, seq_no)
      )`);
    await q.query(`
      CREATE TABLE reservation (
        station_id text NOT NULL,
        reservation_id integer NOT NULL,
        status text NOT NULL,
        expires_at timestamptz,
        session_id uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (station_id, reservation_id)
      )`);
    await q.query(`
      CREATE TABLE token (
        key text PRIMARY KEY,
        id_tag_key text NOT NULL,
        snapshot jsonb NOT NULL,
        revision bigint NOT NULL,
        deleted boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX token_id_tag_key_idx ON token (id_tag_key)`);
    await q.query(`
      CREATE TABLE charging_report (
        id bigserial PRIMARY KEY,
        station_id text NOT NULL,
        protocol text NOT NULL,
        action text NOT NULL,
        message_id text NOT NULL,
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        UNIQUE (station_id, action, message_id)
      )`);
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        event_id text NOT NULL UNIQUE,
        topic text NOT NULL,
        key text NOT NULL,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_pending_idx ON outbox (id) WHERE published_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['outbox', 'charging_report', 'token', 'reservation', 'transaction_event', 'session']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP SEQUENCE IF EXISTS ocpp16_transaction_id_seq`);
  }
}
