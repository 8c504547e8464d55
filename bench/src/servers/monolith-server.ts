/**
 * Baseline "monolith": the CSMS a user could write in an afternoon. One Node process, `ws` and
 * `pg` (one pool of 10), OCPP 1.6J, no broker, no schema validation, one SQL statement per CALL:
 *
 *   BootNotification    upserts the station (Accepted, interval 300)
 *   StatusNotification  upserts the connector's status (station, connector_id)
 *   Heartbeat           updates the station's last-seen time
 *   Authorize           selects the id token (TAG0..TAG999 seeded as Accepted; unknown: Invalid)
 *   StartTransaction    inserts a transaction and returns its id (idTagInfo Accepted)
 *   MeterValues         inserts every sample in one multi-row INSERT
 *   StopTransaction     updates the transaction
 *
 * Its tables live in their own schema on the run's PostgreSQL server (DATABASE_URL), created at
 * start; the scenario drops it at the end. Prints `LISTENING <port>` on stdout when ready.
 *
 * Usage: DATABASE_URL=postgres://… monolith-server.ts <port> <schema>
 */
import { Pool } from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.argv[2] ?? 0);
const schema = process.argv[3] ?? '';
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
  process.stderr.write(`monolith: schema must be a lower-case identifier, got "${schema}"\n`);
  process.exit(2);
}
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  process.stderr.write('monolith: DATABASE_URL is required\n');
  process.exit(2);
}

const pool = new Pool({ connectionString: databaseUrl, max: 10 });
pool.on('error', (error) => process.stderr.write(`monolith: idle client error: ${error.message}\n`));

const DDL = `
  CREATE SCHEMA ${schema};
  CREATE TABLE ${schema}.station (
    id text PRIMARY KEY,
    vendor text NOT NULL,
    model text NOT NULL,
    serial_number text,
    firmware_version text,
    booted_at timestamptz NOT NULL,
    last_seen timestamptz NOT NULL
  );
  CREATE TABLE ${schema}.connector_status (
    station_id text NOT NULL,
    connector_id integer NOT NULL,
    status text NOT NULL,
    error_code text NOT NULL,
    status_at timestamptz,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (station_id, connector_id)
  );
  CREATE TABLE ${schema}.id_token (
    id_tag text PRIMARY KEY,
    status text NOT NULL
  );
  CREATE TABLE ${schema}.transaction (
    id serial PRIMARY KEY,
    station_id text NOT NULL,
    connector_id integer NOT NULL,
    id_tag text NOT NULL,
    meter_start bigint NOT NULL,
    started_at timestamptz NOT NULL,
    meter_stop bigint,
    stopped_at timestamptz,
    stop_reason text
  );
  CREATE TABLE ${schema}.meter_value (
    id bigserial PRIMARY KEY,
    station_id text NOT NULL,
    connector_id integer NOT NULL,
    transaction_id integer,
    sampled_at timestamptz NOT NULL,
    measurand text NOT NULL,
    value numeric NOT NULL,
    unit text
  );
  INSERT INTO ${schema}.id_token (id_tag, status) SELECT 'TAG' || n, 'Accepted' FROM generate_series(0, 999) AS n;
`;

const SQL = {
  boot: `INSERT INTO ${schema}.station (id, vendor, model, serial_number, firmware_version, booted_at, last_seen) VALUES ($1, $2, $3, $4, $5, now(), now())
         ON CONFLICT (id) DO UPDATE SET vendor = EXCLUDED.vendor, model = EXCLUDED.model, serial_number = EXCLUDED.serial_number,
           firmware_version = EXCLUDED.firmware_version, booted_at = now(), last_seen = now()`,
  status: `INSERT INTO ${schema}.connector_status (station_id, connector_id, status, error_code, status_at, updated_at) VALUES ($1, $2, $3, $4, $5, now())
           ON CONFLICT (station_id, connector_id) DO UPDATE SET status = EXCLUDED.status, error_code = EXCLUDED.error_code, status_at = EXCLUDED.status_at, updated_at = now()`,
  heartbeat: `UPDATE ${schema}.station SET last_seen = now() WHERE id = $1`,
  authorize: `SELECT status FROM ${schema}.id_token WHERE id_tag = $1`,
  start: `INSERT INTO ${schema}.transaction (station_id, connector_id, id_tag, meter_start, started_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
  stop: `UPDATE ${schema}.transaction SET meter_stop = $3, stopped_at = $4, stop_reason = $5 WHERE id = $1 AND station_id = $2`,
};

type Payload = Record<string, unknown>;
interface SampledValue {
  value?: string;
  measurand?: string;
  unit?: string;
}
interface MeterValue {
  timestamp?: string;
  sampledValue?: SampledValue[];
}

const now = (): string => new Date().toISOString();

/** The CALLRESULT payload of one CALL, after its one SQL statement. */
async function handle(stationId: string, action: string, p: Payload): Promise<Payload> {
  switch (action) {
    case 'BootNotification':
      await pool.query(SQL.boot, [
        stationId,
        p.chargePointVendor,
        p.chargePointModel,
        p.chargePointSerialNumber ?? null,
        p.firmwareVersion ?? null,
      ]);
      return { status: 'Accepted', currentTime: now(), interval: 300 };
    case 'StatusNotification':
      await pool.query(SQL.status, [stationId, p.connectorId, p.status, p.errorCode, p.timestamp ?? null]);
      return {};
    case 'Heartbeat':
      await pool.query(SQL.heartbeat, [stationId]);
      return { currentTime: now() };
    case 'Authorize': {
      const { rows } = await pool.query<{ status: string }>(SQL.authorize, [p.idTag]);
      return { idTagInfo: { status: rows[0]?.status ?? 'Invalid' } };
    }
    case 'StartTransaction': {
      const { rows } = await pool.query<{ id: number }>(SQL.start, [stationId, p.connectorId, p.idTag, p.meterStart, p.timestamp]);
      return { transactionId: rows[0].id, idTagInfo: { status: 'Accepted' } };
    }
    case 'MeterValues': {
      const values: unknown[] = [];
      const rows: string[] = [];
      for (const mv of (p.meterValue as MeterValue[] | undefined) ?? []) {
        for (const sv of mv.sampledValue ?? []) {
          const i = values.length;
          rows.push(`($${i + 1}, $${i + 2}, $${i + 3}, $${i + 4}, $${i + 5}, $${i + 6}, $${i + 7})`);
          values.push(
            stationId,
            p.connectorId,
            p.transactionId ?? null,
            mv.timestamp,
            sv.measurand ?? 'Energy.Active.Import.Register',
            sv.value,
            sv.unit ?? null,
          );
        }
      }
      if (rows.length)
        await pool.query(
          `INSERT INTO ${schema}.meter_value (station_id, connector_id, transaction_id, sampled_at, measurand, value, unit) VALUES ${rows.join(', ')}`,
          values,
        );
      return {};
    }
    case 'StopTransaction':
      await pool.query(SQL.stop, [p.transactionId, stationId, p.meterStop, p.timestamp, p.reason ?? null]);
      return p.idTag ? { idTagInfo: { status: 'Accepted' } } : {};
    default:
      throw Object.assign(new Error(`${action} is not implemented`), { ocppCode: 'NotImplemented' });
  }
}

function onFrame(ws: WebSocket, stationId: string, data: Buffer): void {
  let frame: unknown;
  try {
    frame = JSON.parse(data.toString('utf8'));
  } catch {
    return;
  }
  if (!Array.isArray(frame) || frame[0] !== 2) return;
  const [, id, action, payload] = frame as [number, string, string, Payload];
  handle(stationId, action, payload ?? {}).then(
    (result) => ws.send(JSON.stringify([3, id, result])),
    (error: Error & { ocppCode?: string }) =>
      ws.send(JSON.stringify([4, id, error.ocppCode ?? 'InternalError', error.message.slice(0, 200), {}])),
  );
}

async function main(): Promise<void> {
  await pool.query(DDL);
  const server = new WebSocketServer({
    port,
    host: '127.0.0.1',
    perMessageDeflate: false,
    clientTracking: false,
    handleProtocols: (p) => (p.has('ocpp1.6') ? 'ocpp1.6' : false),
  });
  server.on('connection', (ws, req) => {
    const stationId = decodeURIComponent((req.url ?? '').split('?')[0].split('/').filter(Boolean).pop() ?? '');
    ws.on('message', (data: Buffer) => onFrame(ws, stationId, data));
    ws.on('error', () => undefined);
  });
  server.on('listening', () => {
    const address = server.address();
    process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : port}\n`);
  });
}

process.on('SIGTERM', () => {
  void pool.end().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2_000).unref();
});
main().catch((error: unknown) => {
  process.stderr.write(`monolith failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
