import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Hand-written: the station-service's tables (unqualified; search_path is the service schema). */
export class InitialStationSchema1735700000000 implements MigrationInterface {
  name = 'InitialStationSchema1735700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE station (
        id text PRIMARY KEY,
        provisioned boolean NOT NULL DEFAULT false,
        boot_policy text CHECK (boot_policy IN ('Accepted', 'Pending', 'Rejected')),
        boot_status text CHECK (boot_status IN ('Accepted', 'Pending', 'Rejected')),
        boot_reason text,
        last_boot_at timestamptz,
        protocol text,
        vendor text,
        model text,
        serial_number text,
        firmware_version text,
        iccid text,
        imsi text,
        meter_type text,
        meter_serial_number text,
        online boolean NOT NULL DEFAULT false,
        connection_id text,
        gateway_instance text,
        security_profile smallint,
        connected_at timestamptz,
        disconnected_at timestamptz,
        last_seen_at timestamptz,
        firmware_status text,
        diagnostics_status text,
        log_status text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Append-only histories: (station, connection, message id) makes a redelivered frame a no-op.
    const history = (name: string, columns: string): string => `
      CREATE TABLE ${name} (
        id bigserial PRIMARY KEY,
        station_id text NOT NULL,
        ${columns},
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        connection_id text NOT NULL,
        message_id text NOT NULL,
        UNIQUE (station_id, connection_id, message_id)
      )`;
    await q.query(history('boot_notification', 'protocol text NOT NULL, reason text, status text NOT NULL'));
    await q.query(history('firmware_status_history', 'kind text NOT NULL, status text NOT NULL, request_id integer'));
    await q.query(history('diagnostics_status_history', 'status text NOT NULL'));
    await q.query(history('log_status_history', 'status text NOT NULL, request_id integer'));
    await q.query(history('security_event', 'type text NOT NULL, event_at timestamptz NOT NULL, tech_info text'));
    await q.query(
      history(
        'certificate_signing_request',
        `protocol text NOT NULL, csr text NOT NULL, certificate_type text, request_id integer, status text NOT NULL DEFAULT 'Received'`,
      ),
    );
    await q.query(history('data_transfer_request', 'vendor_id text NOT NULL, data_message_id text, status text NOT NULL'));
    await q.query(`CREATE INDEX boot_notification_station ON boot_notification (station_id, received_at)`);
    await q.query(`CREATE INDEX firmware_status_history_station ON firmware_status_history (station_id, received_at)`);
    await q.query(`CREATE INDEX security_event_station ON security_event (station_id, event_at)`);

    // A connector's current status and every status report: the same columns.
    const connectorStatus = `station_id text NOT NULL,
        evse_id integer NOT NULL,
        connector_id integer NOT NULL,
        status text NOT NULL,
        error_code text,
        info text,
        vendor_error_code text,
        source text NOT NULL,
        status_at timestamptz NOT NULL`;
    await q.query(`
      CREATE TABLE connector (
        ${connectorStatus},
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (station_id, evse_id, connector_id)
      )`);
    await q.query(`
      CREATE TABLE connector_status_history (
        id bigserial PRIMARY KEY,
        ${connectorStatus},
        applied boolean NOT NULL,
        received_at timestamptz NOT NULL,
        connection_id text NOT NULL,
        message_id text NOT NULL,
        UNIQUE (station_id, connection_id, message_id, evse_id, connector_id, status_at)
      )`);
    await q.query(
      `CREATE INDEX connector_status_history_connector ON connector_status_history (station_id, evse_id, connector_id, status_at)`,
    );

    await q.query(`
      CREATE TABLE station_event (
        id bigserial PRIMARY KEY,
        station_id text NOT NULL,
        event_id integer NOT NULL,
        event_at timestamptz NOT NULL,
        trigger text NOT NULL,
        cause integer,
        actual_value text NOT NULL,
        tech_code text,
        tech_info text,
        cleared boolean,
        transaction_id text,
        component_name text NOT NULL,
        variable_name text NOT NULL,
        event_notification_type text NOT NULL,
        data jsonb NOT NULL,
        generated_at timestamptz NOT NULL,
        seq_no integer NOT NULL,
        received_at timestamptz NOT NULL,
        connection_id text NOT NULL,
        message_id text NOT NULL,
        UNIQUE (station_id, connection_id, message_id, event_id)
      )`);
    await q.query(`CREATE INDEX station_event_station ON station_event (station_id, event_at)`);

    await q.query(`
      CREATE TABLE device_report (
        id bigserial PRIMARY KEY,
        station_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('Report', 'Monitoring', 'CustomerInformation', 'DisplayMessages')),
        request_id integer NOT NULL,
        seq_nos integer[] NOT NULL,
        last_seq_no integer,
        complete boolean NOT NULL,
        generated_at timestamptz NOT NULL,
        completed_at timestamptz,
        updated_at timestamptz NOT NULL,
        UNIQUE (station_id, kind, request_id)
      )`);
    await q.query(`
      CREATE TABLE device_report_part (
        id bigserial PRIMARY KEY,
        station_id text NOT NULL,
        kind text NOT NULL,
        request_id integer NOT NULL,
        seq_no integer NOT NULL,
        tbc boolean NOT NULL,
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        UNIQUE (station_id, kind, request_id, seq_no)
      )`);
    await q.query(`
      CREATE TABLE device_variable (
        id bigserial PRIMARY KEY,
        station_id text NOT NULL,
        component_name text NOT NULL,
        component_instance text NOT NULL,
        evse_id integer NOT NULL,
        connector_id integer NOT NULL,
        variable_name text NOT NULL,
        variable_instance text NOT NULL,
        attributes jsonb NOT NULL,
        characteristics jsonb,
        request_id integer NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (station_id, component_name, component_instance, evse_id, connector_id, variable_name, variable_instance)
      )`);

    await q.query(`
      CREATE TABLE configuration_key (
        station_id text NOT NULL,
        key text NOT NULL,
        value text,
        readonly boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (station_id, key)
      )`);
    await q.query(`
      CREATE TABLE station_credential (
        station_id text PRIMARY KEY,
        password_hash text,
        certificate_subject text,
        security_profile smallint NOT NULL CHECK (security_profile BETWEEN 0 AND 3),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'station_credential',
      'configuration_key',
      'device_variable',
      'device_report_part',
      'device_report',
      'station_event',
      'connector_status_history',
      'connector',
      'data_transfer_request',
      'certificate_signing_request',
      'security_event',
      'log_status_history',
      'diagnostics_status_history',
      'firmware_status_history',
      'boot_notification',
      'station',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
