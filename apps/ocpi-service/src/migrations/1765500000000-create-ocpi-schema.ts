import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ocpi-service's schema (OCPI 2.2.1, CPO role). Its own data, fed from the public topics and
 * from partners; it reads no other service's schema.
 * - partners: one per credentials exchange (a platform: an eMSP, or a hub speaking for many
 *   parties). The tokens partners use to call us are stored as SHA-256 hashes only (token A while
 *   registration is pending, then token C); the token we call them with is kept as given (we must
 *   send it). `roles` are the parties of their credentials; `endpoints` their version details.
 * - locations / location_stations: what an operator publishes (address, coordinates, the stations
 *   at it, with the tariff ids last published on their connectors); evses: each station EVSE's
 *   status, fed by stations.status.v1; station_connections: whether each station is connected
 *   (stations.connections.v1; the connection id makes a late Disconnected of an older one harmless).
 * - tariffs: the billing-service's tariffs (billing.tariffs.v1) as OCPI tariffs.
 * - tariff_catalog: the billing.tariffs.v1 records as published (highest revision per tariff), to
 *   price running roaming sessions and cut CDR charging periods at tariff bands as billing does.
 * - tokens: the eMSPs' tokens (pushed to us, or authorized in real time), also published on
 *   ocpi.tokens.v1 so that the customer-service authorizes them like its own.
 * - sessions / cdrs: the roaming sessions (a token of a partner) and their CDRs, as pushed.
 * - outbox: every push to a partner, durable: sent in order per (partner, object), retried with
 *   back-off until the partner takes it; survives a restart.
 * - commands: commands partners sent (START_SESSION …), what we answered (`response`), the id we gave
 *   the station (`ocpp_id`: remoteStartId / reservationId, from command_ocpp_id_seq, far above the
 *   session-service's own ids) and the result reported to their response_url.
 * - session_transactions: station and transaction of each roaming session (sessions.lifecycle.v1),
 *   for STOP_SESSION.
 * Unqualified names: the connection's search_path is the service's schema.
 */
export class CreateOcpiSchema1765500000000 implements MigrationInterface {
  readonly name = 'CreateOcpiSchema1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE partners (
        partner_id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        status text NOT NULL CHECK (status IN ('PENDING', 'REGISTERED', 'UNREGISTERED')),
        token_a_hash text NULL UNIQUE,
        token_c_hash text NULL UNIQUE,
        outgoing_token text NULL,
        versions_url text NULL,
        version text NULL,
        endpoints jsonb NOT NULL DEFAULT '[]',
        roles jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        registered_at timestamptz NULL
      );
      CREATE TABLE locations (
        location_id text PRIMARY KEY CHECK (location_id ~ '^[A-Za-z0-9._-]{1,36}$'),
        name text NULL,
        address text NOT NULL,
        city text NOT NULL,
        postal_code text NULL,
        state text NULL,
        country char(3) NOT NULL,
        latitude text NOT NULL,
        longitude text NOT NULL,
        time_zone text NOT NULL,
        parking_type text NULL,
        publish boolean NOT NULL DEFAULT true,
        connector_defaults jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        last_updated timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE location_stations (
        station_id text PRIMARY KEY,
        location_id text NOT NULL REFERENCES locations (location_id) ON DELETE CASCADE,
        evse_count integer NOT NULL DEFAULT 1 CHECK (evse_count BETWEEN 1 AND 100),
        tariff_ids jsonb NOT NULL DEFAULT '[]'
      );
      CREATE INDEX location_stations_location ON location_stations (location_id);
      CREATE TABLE evses (
        station_id text NOT NULL,
        evse_id integer NOT NULL CHECK (evse_id >= 0),
        uid text NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'UNKNOWN',
        connectors jsonb NOT NULL DEFAULT '{}',
        connected boolean NOT NULL DEFAULT false,
        last_updated timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (station_id, evse_id)
      );
      CREATE TABLE station_connections (
        station_id text PRIMARY KEY,
        connected boolean NOT NULL,
        connection_id text NOT NULL,
        changed_at timestamptz NOT NULL
      );
      CREATE TABLE tariffs (
        tariff_id text PRIMARY KEY,
        revision bigint NOT NULL,
        body jsonb NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        last_updated timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE tokens (
        country_code char(2) NOT NULL,
        party_id text NOT NULL,
        uid text NOT NULL,
        type text NOT NULL,
        partner_id uuid NULL REFERENCES partners (partner_id) ON DELETE SET NULL,
        contract_id text NOT NULL,
        valid boolean NOT NULL,
        whitelist text NOT NULL,
        group_id text NULL,
        body jsonb NOT NULL,
        last_updated timestamptz NOT NULL,
        authorized_until timestamptz NULL,
        PRIMARY KEY (country_code, party_id, uid, type)
      );
      CREATE INDEX tokens_uid ON tokens (upper(uid));
      CREATE TABLE sessions (
        session_id uuid PRIMARY KEY,
        partner_id uuid NULL REFERENCES partners (partner_id) ON DELETE SET NULL,
        country_code char(2) NOT NULL,
        party_id text NOT NULL,
        token_uid text NOT NULL,
        station_id text NOT NULL,
        status text NOT NULL,
        body jsonb NOT NULL,
        command_id uuid NULL UNIQUE,
        pushed_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_updated timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX sessions_last_updated ON sessions (last_updated);
      CREATE INDEX sessions_unpushed ON sessions (last_updated) WHERE status = 'ACTIVE';
      CREATE TABLE cdrs (
        cdr_id text PRIMARY KEY,
        session_id uuid NOT NULL UNIQUE,
        partner_id uuid NULL REFERENCES partners (partner_id) ON DELETE SET NULL,
        country_code char(2) NOT NULL,
        party_id text NOT NULL,
        body jsonb NOT NULL,
        emsp_location text NULL,
        last_updated timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX cdrs_last_updated ON cdrs (last_updated);
      CREATE TABLE outbox (
        push_id bigserial PRIMARY KEY,
        partner_id uuid NOT NULL REFERENCES partners (partner_id) ON DELETE CASCADE,
        object_key text NOT NULL,
        module text NOT NULL,
        method text NOT NULL CHECK (method IN ('PUT', 'PATCH', 'POST', 'DELETE')),
        path text NULL,
        url text NULL,
        to_country_code char(2) NULL,
        to_party_id text NULL,
        body jsonb NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz NULL,
        last_error text NULL,
        response jsonb NULL,
        sent_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (path IS NOT NULL OR url IS NOT NULL)
      );
      CREATE INDEX outbox_pending ON outbox (partner_id, object_key, push_id) WHERE sent_at IS NULL;
      CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL;
      CREATE INDEX outbox_cdr_posts ON outbox (object_key) WHERE module = 'cdrs';
      CREATE TABLE commands (
        command_id uuid PRIMARY KEY,
        partner_id uuid NOT NULL REFERENCES partners (partner_id) ON DELETE CASCADE,
        command text NOT NULL,
        response_url text NOT NULL,
        station_id text NULL,
        request jsonb NOT NULL,
        response text NOT NULL,
        ocpp_id integer NULL,
        result text NULL,
        message text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz NULL
      );
      CREATE INDEX commands_reservations ON commands (partner_id, upper(request->>'reservation_id')) WHERE command = 'RESERVE_NOW';
      CREATE INDEX commands_unfinished ON commands (created_at) WHERE completed_at IS NULL;
      CREATE SEQUENCE command_ocpp_id_seq AS integer START 1000000000 MINVALUE 1000000000;
      CREATE TABLE session_transactions (
        session_id uuid PRIMARY KEY,
        station_id text NOT NULL,
        protocol text NOT NULL,
        transaction_ref text NOT NULL,
        id_token_key text NOT NULL,
        ended boolean NOT NULL DEFAULT false,
        last_updated timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP SEQUENCE command_ocpp_id_seq');
    await queryRunner.query(
      'DROP TABLE session_transactions, commands, outbox, cdrs, sessions, tokens, tariffs, station_connections, evses, location_stations, locations, partners',
    );
  }
}
