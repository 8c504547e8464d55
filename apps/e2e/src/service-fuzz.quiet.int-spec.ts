import { serviceFuzzSuite } from '@voltlane/testing/jest-suites';
import { StackHarness } from './stack-harness';

const REPLY_TIMEOUT_MS = 5_000;

/**
 * Issue #14, part 3: schema-valid payloads with extreme values for every station→CSMS action of
 * 1.6, 2.0.1 and 2.1, through the gateway, Kafka and every service on PostgreSQL. The in-process
 * twin is apps/allinone/test/service-fuzz.quiet.int-spec.ts; the suite is libs/testing fuzz/.
 */
serviceFuzzSuite({
  adapter: 'Kafka',
  start: async () => {
    const harness = await StackHarness.start({
      services: ['station', 'customer', 'session', 'metering', 'billing', 'report', 'energy', 'ocpi'],
      serviceEnv: { STATION_SERVICE_UNKNOWN_STATIONS: 'accept' },
      // The fuzzers send back to back: the per-station rate limit is not under test here.
      gatewayEnv: {
        GATEWAY_CALL_REPLY_TIMEOUT_MS: String(REPLY_TIMEOUT_MS),
        GATEWAY_RATE_LIMIT_PER_SECOND: '1000',
        GATEWAY_RATE_LIMIT_BURST: '1000',
      },
    });
    return { replyTimeoutMs: REPLY_TIMEOUT_MS, connect: (id, protocol) => harness.connect(id, protocol), stop: () => harness.stop() };
  },
});
