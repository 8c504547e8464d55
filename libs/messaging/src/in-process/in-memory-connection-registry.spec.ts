import { InMemoryConnectionRegistry } from './in-memory-connection-registry';

const entry = (connectionId: string, gatewayInstance = 'gw1') => ({
  gatewayInstance,
  connectionId,
  protocol: 'ocpp1.6' as const,
  connectedAt: '2026-01-01T00:00:00Z',
});

describe('InMemoryConnectionRegistry', () => {
  it('claims, refreshes and releases only for the owner, and expires', async () => {
    let now = 0;
    const registry = new InMemoryConnectionRegistry(() => now);
    expect(await registry.claim('CP1', entry('c1'), 1_000)).toBeNull();
    expect(await registry.claim('CP1', entry('c2', 'gw2'), 1_000)).toEqual(entry('c1'));
    expect(await registry.refresh('CP1', 'c1', 1_000)).toBe(false);
    expect(await registry.release('CP1', 'c1')).toBe(false);
    expect((await registry.lookup('CP1'))?.connectionId).toBe('c2');
    now = 900;
    expect(await registry.refresh('CP1', 'c2', 1_000)).toBe(true);
    now = 1_800;
    expect(await registry.lookup('CP1')).not.toBeNull();
    now = 2_000;
    expect(await registry.lookup('CP1')).toBeNull();
    await registry.claim('CP1', entry('c3'), 1_000);
    expect(await registry.release('CP1', 'c3')).toBe(true);
    expect(await registry.lookup('CP1')).toBeNull();
  });
});
