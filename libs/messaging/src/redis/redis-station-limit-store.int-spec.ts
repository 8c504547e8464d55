import { infraEnv, uniqueName } from '@voltlane/testing';
import { InMemoryStationLimitStore } from '../in-process/in-memory-station-limit-store';
import type { StationLimitStore } from '../ports/station-limits.port';
import { RedisStationLimitStore } from './redis-station-limit-store';

const env = infraEnv();

describe.each([
  ['Redis', () => new RedisStationLimitStore(env.redisUrl, 'spec')],
  ['in-memory', () => new InMemoryStationLimitStore()],
])('%s station limit store', (_name, open: () => StationLimitStore) => {
  const store = open();
  afterAll(() => store.close());

  it('keeps usable limits per action, replaces them whole, and forgets a station put with none', async () => {
    const id = uniqueName('cs');
    expect(await store.get(id)).toBeNull();
    await store.put(id, { GetVariables: { items: 4, bytes: 4096 }, GetConfiguration: { items: 3 }, SetVariables: { items: 0 } });
    expect(await store.get(id)).toEqual({ GetVariables: { items: 4, bytes: 4096 }, GetConfiguration: { items: 3 } });
    await store.put(id, { SendLocalList: { bytes: 900 } });
    expect(await store.get(id)).toEqual({ SendLocalList: { bytes: 900 } });
    await store.put(id, {});
    expect(await store.get(id)).toBeNull();
  });
});
