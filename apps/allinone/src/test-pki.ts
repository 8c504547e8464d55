import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestPki } from '@voltlane/pki';

/**
 * Plug & Charge in the all-in-one (development): unless a contract-certificate provider is
 * configured (STATION_SERVICE_PNC_PROVIDER), the built-in test PKI answers Get15118EVCertificate and
 * its CPO Sub-CA 2 signs V2G certificates. It is generated on the first start into
 * `<data>/pki/test-pki.json` (keys inside: owner-only) and kept. Returns the environment for it.
 */
export async function testPkiEnv(dataDir: string, env: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  if (env.STATION_SERVICE_PNC_PROVIDER) return {};
  const dir = join(dataDir, 'pki');
  const file = join(dir, 'test-pki.json');
  if (!existsSync(file)) {
    const pki = await TestPki.generate({ name: 'Voltlane Dev' });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(pki.material, null, 2), { mode: 0o600 });
  }
  return { STATION_SERVICE_PNC_PROVIDER: 'test-pki', STATION_SERVICE_TEST_PKI_FILE: file };
}
