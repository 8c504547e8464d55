import pino from 'pino';
import { InProcessRoamingAuthorizer } from './in-process-roaming-authorizer';

describe('InProcessRoamingAuthorizer', () => {
  const logger = pino({ level: 'silent' });
  const request = { idToken: 'EMSP0001', stationId: 'cs-1' };

  it('asks the ocpi-service once it is there', async () => {
    const started: { ocpi?: (r: typeof request) => Promise<{ status: 'Blocked'; source: 'emsp' }> } = {};
    const authorizer = new InProcessRoamingAuthorizer(() => started.ocpi, 1000, logger);
    await expect(authorizer.authorize(request)).resolves.toBeUndefined();
    started.ocpi = async () => ({ status: 'Blocked', source: 'emsp' });
    await expect(authorizer.authorize(request)).resolves.toEqual({ status: 'Blocked', source: 'emsp' });
  });

  it('gives no decision when it fails or is late', async () => {
    const failing = new InProcessRoamingAuthorizer(() => () => Promise.reject(new Error('down')), 1000, logger);
    await expect(failing.authorize(request)).resolves.toBeUndefined();
    const never = new InProcessRoamingAuthorizer(() => () => new Promise(() => undefined), 100, logger);
    const started = Date.now();
    await expect(never.authorize(request)).resolves.toBeUndefined();
    // `never` never answers: it gave up after its timeout (timers count whole milliseconds), however late
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(100 - 1);
    expect(elapsed).toBeLessThan(10_000);
  });
});
