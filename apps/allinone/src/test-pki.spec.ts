import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestPki, type TestPkiMaterial } from '@voltlane/pki';
import { testPkiEnv } from './test-pki';

describe('testPkiEnv (all-in-one Plug & Charge)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'allinone-pki-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('generates the test PKI on the first start, keeps it owner-only and reuses it', async () => {
    const env = await testPkiEnv(dataDir, {});
    expect(env).toEqual({ STATION_SERVICE_PNC_PROVIDER: 'test-pki', STATION_SERVICE_TEST_PKI_FILE: join(dataDir, 'pki', 'test-pki.json') });
    const first = readFileSync(env.STATION_SERVICE_TEST_PKI_FILE, 'utf8');
    expect(statSync(env.STATION_SERVICE_TEST_PKI_FILE).mode & 0o777).toBe(0o600);
    expect(TestPki.load(JSON.parse(first) as TestPkiMaterial).moRootPem).toContain('BEGIN CERTIFICATE');
    await testPkiEnv(dataDir, {});
    expect(readFileSync(env.STATION_SERVICE_TEST_PKI_FILE, 'utf8')).toBe(first);
  });

  it("leaves an operator's provider alone", async () => {
    expect(await testPkiEnv(dataDir, { STATION_SERVICE_PNC_PROVIDER: 'http' })).toEqual({});
  });
});
