import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate, webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { Pkcs10CertificateRequestGenerator } from '@peculiar/x509';
import { AllInOneProcess, TestStation, ensureCompiledBuild, uniqueName, waitFor } from '@voltlane/testing';

const ROOT = resolve(__dirname, '../../..');

/**
 * `npm start`'s process, as a newcomer runs it: built output, embedded PostgreSQL, in-process
 * adapters; no Kafka, Redis or database server involved.
 */
// Each start may take up to a minute on a loaded machine (the waitFor below): a test that starts the
// process once gets two minutes, one that restarts it four.
const ONE_START_MS = 120_000;
const TWO_STARTS_MS = 240_000;

describe('all-in-one process on embedded defaults', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'voltlane-aio-'));
  let aio: AllInOneProcess;
  let simulator: ChildProcess | undefined;

  beforeAll(async () => {
    // dist/, compiled once (under a lock) for the suites that run the build, and only when stale
    await ensureCompiledBuild();
    // Nothing of the distributed mode is given: no KAFKA_BROKERS, REDIS_URL or DATABASE_URL.
    aio = await AllInOneProcess.create({ dataDir });
  }, 120_000);
  afterEach(async () => {
    simulator?.kill('SIGTERM');
    simulator = undefined;
    await stop();
  });

  const start = (): Promise<void> => aio.start();
  async function stop(): Promise<void> {
    const code = await aio.stop();
    if (code !== null) expect(code).toBe(0);
  }
  const api = (method: string, path: string, key: string, body?: unknown) => aio.api<any>(method, path, key, body);

  async function storedStation(id: string): Promise<Record<string, unknown> | undefined> {
    const password = readFileSync(join(dataDir, 'postgres-password'), 'utf8').trim();
    const client = new Client({ host: '127.0.0.1', port: aio.pgPort, user: 'voltlane', password, database: 'voltlane' });
    await client.connect();
    try {
      const result = await client.query('SELECT * FROM station.station WHERE id = $1', [id]);
      return result.rows[0] as Record<string, unknown> | undefined;
    } finally {
      await client.end();
    }
  }

  it(
    'the quick start: simulated station, remote start and stop through the API, a CDR, and everything still there after a restart',
    async () => {
      await start();
      const adminKey = /Admin API key \(shown once[^\n]*\n\s+(vl_\S+)/.exec(aio.output)?.[1] as string;
      expect(adminKey).toMatch(/^vl_/);
      expect(readFileSync(join(dataDir, 'admin-api-key'), 'utf8').trim()).toBe(adminKey);
      expect((await api('GET', '/api/v1/stations', 'vl_000000000000_wrongwrongwrongwrongwrongwrongwr')).status).toBe(401);

      // One simulated 1.6 station that charges only when told to.
      simulator = spawn(
        process.execPath,
        [
          'node_modules/tsx/dist/cli.mjs',
          'apps/simulator/src/main.ts',
          '--stations',
          '1',
          '--protocol',
          'ocpp1.6',
          '--url',
          `ws://127.0.0.1:${aio.ocppPort}/ocpp`,
          '--id-prefix',
          'tour',
          '--session-share',
          '0',
          '--sample-interval',
          '2',
          '--quiet',
          '--duration',
          '120',
        ],
        { cwd: ROOT, stdio: 'ignore' },
      );
      await waitFor(async () => (await api('GET', '/api/v1/stations/tour-1', adminKey)).body?.bootStatus === 'Accepted', {
        timeoutMs: 30_000,
        message: 'simulated station booted',
      });
      // The operator registers the driver's token, then starts a session for it remotely.
      expect((await api('POST', '/api/v1/id-tokens', adminKey, { idToken: 'TOUR-TAG', type: 'ISO14443' })).status).toBe(201);
      const started = await api('POST', '/api/v1/stations/tour-1/remote-start', adminKey, { idToken: 'TOUR-TAG', connectorId: 1 });
      expect(started.status).toBe(200);
      expect(started.body.result).toEqual({ status: 'Accepted' });
      let sessionId = '';
      await waitFor(
        async () => {
          const sessions = await api('GET', '/api/v1/sessions?stationId=tour-1&status=active', adminKey);
          sessionId = sessions.body?.items?.[0]?.id ?? '';
          return sessionId !== '';
        },
        { timeoutMs: 30_000, message: 'session started' },
      );
      await waitFor(async () => (await api('GET', `/api/v1/sessions/${sessionId}/meter-samples`, adminKey)).body?.items?.length > 0, {
        timeoutMs: 20_000,
        message: 'meter values',
      });
      const stopped = await api('POST', `/api/v1/sessions/${sessionId}/stop`, adminKey);
      expect(stopped.status).toBe(200);
      let cdr: any;
      await waitFor(async () => (cdr = (await api('GET', '/api/v1/cdrs?stationId=tour-1', adminKey)).body?.items?.[0]) !== undefined, {
        timeoutMs: 30_000,
        message: 'CDR',
      });
      expect(cdr).toMatchObject({ sessionId, stationId: 'tour-1', currency: 'EUR' });
      // The station's OCPP message log: the remote start went out and was answered; the StartTransaction came in.
      type Logged = { direction: string; messageType: string };
      const logged = async (action: string): Promise<Logged[]> =>
        ((await api('GET', `/api/v1/stations/tour-1/messages?action=${action}`, adminKey)).body?.items ?? []) as Logged[];
      await waitFor(async () => (await logged('StartTransaction')).some((i) => i.direction === 'in' && i.messageType === 'CALL'), {
        timeoutMs: 15_000,
        message: 'StartTransaction in the message log',
      });
      // Both frames of the command; their order is not asserted here: in this process a command's answer
      // was once listed before the command (same millisecond), an open question (the distributed e2e asserts the order).
      expect((await logged('RemoteStartTransaction')).map((i) => `${i.direction} ${i.messageType}`).sort()).toEqual([
        'in CALLRESULT',
        'out CALL',
      ]);
      // The console's overview and its live stream (server-sent events, read with the key header as a browser does).
      const overview = await api('GET', '/api/v1/reports/overview?tz=Europe/Amsterdam', adminKey);
      expect(overview.status).toBe(200);
      expect(overview.body).toMatchObject({ timeZone: 'Europe/Amsterdam', stations: { total: 1 } });
      const stream = await fetch(`http://127.0.0.1:${aio.apiPort}/api/v1/events`, { headers: { 'x-api-key': adminKey } });
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('retry: 3000');
      await reader.cancel();
      simulator.kill('SIGTERM');

      await stop();
      await start();
      expect(aio.output).not.toContain('shown once');
      expect((await api('GET', `/api/v1/sessions/${sessionId}`, adminKey)).body).toMatchObject({ id: sessionId });
      expect((await api('GET', '/api/v1/cdrs?stationId=tour-1', adminKey)).body.items).toHaveLength(1);
      await stop();
    },
    TWO_STARTS_MS,
  );

  it(
    "serves every operation of the distributed deployment's one document (docs/openapi.json), with the same operationIds",
    async () => {
      await start();
      type Doc = { paths: Record<string, Record<string, { operationId?: string }>> };
      const operations = (doc: Doc): string[] =>
        Object.entries(doc.paths)
          .flatMap(([path, item]) =>
            Object.entries(item)
              .filter(([method]) => method !== 'parameters')
              .map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId ?? ''}`),
          )
          .sort();
      const served = (await (await fetch(`http://127.0.0.1:${aio.apiPort}/docs/openapi.json`)).json()) as Doc;
      const committed = JSON.parse(readFileSync(join(ROOT, 'docs/openapi.json'), 'utf8')) as Doc;
      expect(operations(served)).toEqual(operations(committed));
    },
    ONE_START_MS,
  );

  it(
    'Plug & Charge out of the box: the test PKI answers Get15118EVCertificate and its sub-CA signs V2G certificates',
    async () => {
      await start();
      const pki = JSON.parse(readFileSync(join(dataDir, 'pki', 'test-pki.json'), 'utf8')) as {
        moRoot: { certificatePem: string };
        v2gRoot: { certificatePem: string };
      };
      const id = uniqueName('aiopnc');
      const station = await TestStation.connect(`ws://127.0.0.1:${aio.ocppPort}/ocpp/${id}`, ['ocpp2.0.1']);
      const signed = new Promise<Record<string, unknown>>((resolveSigned) => {
        station.onCall = (action, payload, messageId) => {
          if (action === 'CertificateSigned') resolveSigned(payload);
          return [3, messageId, { status: 'Accepted' }];
        };
      });
      expect(
        (await station.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'AIO', vendorName: 'Voltlane' } }))[2],
      ).toMatchObject({ status: 'Accepted' });
      const ev = await station.call('Get15118EVCertificate', {
        iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef',
        action: 'Install',
        exiRequest: Buffer.from('exi').toString('base64'),
      });
      const envelope = JSON.parse(Buffer.from((ev[2] as { exiResponse: string }).exiResponse, 'base64').toString('utf8')) as {
        contractCertificateChain: string[];
      };
      const [contract, subCa2, subCa1] = envelope.contractCertificateChain.map((der) => new X509Certificate(Buffer.from(der, 'base64')));
      expect(
        contract.verify(subCa2.publicKey) &&
          subCa2.verify(subCa1.publicKey) &&
          subCa1.verify(new X509Certificate(pki.moRoot.certificatePem).publicKey),
      ).toBe(true);
      const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
      const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
      const csr = await Pkcs10CertificateRequestGenerator.create({ name: 'CN=SECC-AIO, O=Voltlane', keys, signingAlgorithm: algorithm });
      expect((await station.call('SignCertificate', { csr: csr.toString('pem'), certificateType: 'V2GCertificate' }))[2]).toEqual({
        status: 'Accepted',
      });
      const answer = await signed;
      expect(answer.certificateType).toBe('V2GCertificate');
      const chain = (String(answer.certificateChain).match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map(
        (pem) => new X509Certificate(pem),
      );
      expect(chain).toHaveLength(3);
      expect(chain[2].verify(new X509Certificate(pki.v2gRoot.certificatePem).publicKey)).toBe(true);
      await station.close();
    },
    ONE_START_MS,
  );

  it(
    'accepts an unknown station, answers its CALLs, and keeps its data across a restart',
    async () => {
      await start();
      expect(aio.output).toContain(`ws://127.0.0.1:${aio.ocppPort}/ocpp/<station-id>`);
      expect(aio.output).toContain(dataDir);
      const id = uniqueName('aio');
      const station = await TestStation.connect(`ws://127.0.0.1:${aio.ocppPort}/ocpp/${id}`, ['ocpp1.6']);
      const boot = await station.call('BootNotification', { chargePointVendor: 'Voltlane', chargePointModel: 'AIO' });
      expect(boot[2]).toMatchObject({ status: 'Accepted' });
      expect((await station.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' }))[0]).toBe(3);
      const start16 = await station.call('StartTransaction', {
        connectorId: 1,
        idTag: 'UNKNOWN',
        meterStart: 10,
        timestamp: new Date().toISOString(),
      });
      const transactionId = (start16[2] as { transactionId: number }).transactionId;
      expect(transactionId).toBeGreaterThan(0);
      // Issue #14 on the process a newcomer runs: a value no column holds is answered at once and
      // parked with its reason, and the station's next MeterValues is answered as usual.
      const poison = await station.call('StartTransaction', {
        connectorId: 2147483648,
        idTag: 'A',
        meterStart: 5,
        timestamp: new Date().toISOString(),
      });
      expect(poison[0]).toBe(3);
      expect(poison[2]).toMatchObject({ idTagInfo: { status: 'Invalid' } });
      const meterValues = {
        connectorId: 1,
        transactionId,
        meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: '20' }] }],
      };
      expect((await station.call('MeterValues', meterValues))[0]).toBe(3);
      const adminKey = readFileSync(join(dataDir, 'admin-api-key'), 'utf8').trim();
      let letters: { total: number; items: { action: string; code: string; reason: string; messageId: string }[] } = {
        total: 0,
        items: [],
      };
      await waitFor(async () => (letters = (await api('GET', `/api/v1/dead-letters?stationId=${id}`, adminKey)).body).total >= 2, {
        message: 'dead letters of the session and metering services',
      });
      for (const letter of letters.items)
        expect(letter).toMatchObject({ action: 'StartTransaction', code: 'ValueOutOfBounds', messageId: poison[1] });
      await station.close();
      await waitFor(async () => (await storedStation(id)) !== undefined, { message: 'station stored' });

      await stop();
      await start();
      expect(await storedStation(id)).toMatchObject({ id });
      // The station's accepted boot survives the restart: no new Boot needed before other CALLs.
      const again = await TestStation.connect(`ws://127.0.0.1:${aio.ocppPort}/ocpp/${id}`, ['ocpp1.6']);
      expect((await again.call('Heartbeat', {}))[0]).toBe(3);
      await again.close();
    },
    TWO_STARTS_MS,
  );
});
