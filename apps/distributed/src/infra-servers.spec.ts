import { namesServers, parseExports } from './infra-servers';

describe('the servers of start:distributed', () => {
  it('parses the exports infra.sh prints', () => {
    const printed = [
      'export KAFKA_BROKERS=127.0.0.1:39092',
      "export REDIS_URL='redis://127.0.0.1:36379'",
      'export DATABASE_URL="postgres://voltlane:voltlane@127.0.0.1:35432/voltlane"',
      '[infra] not an export',
      '',
    ].join('\n');
    expect(parseExports(printed)).toEqual({
      KAFKA_BROKERS: '127.0.0.1:39092',
      REDIS_URL: 'redis://127.0.0.1:36379',
      DATABASE_URL: 'postgres://voltlane:voltlane@127.0.0.1:35432/voltlane',
    });
  });

  it('runs infra.sh unless all three servers are named', () => {
    const all = { KAFKA_BROKERS: 'k:1', REDIS_URL: 'redis://r:2', DATABASE_URL: 'postgres://d:3/db' };
    expect(namesServers(all)).toBe(true);
    expect(namesServers({ ...all, REDIS_URL: '' })).toBe(false);
    expect(namesServers({ KAFKA_BROKERS: 'k:1' })).toBe(false);
  });
});
