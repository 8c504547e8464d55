import type { BusMessage } from '@voltlane/messaging';
import { createLogger } from '@voltlane/telemetry';
import { RedriveHeader, type DeadLetterInput, type DeadLetterSink } from './dead-letter';
import { TransientFailureExhausted, withFailurePolicy } from './failure-policy';
import { ValueOutOfBounds } from './permanent-failure';

function aRecord(overrides: Partial<BusMessage> = {}): BusMessage {
  return { topic: 't', partition: 0, offset: '7', key: 'CP1', value: '{}', headers: {}, timestamp: '0', ...overrides };
}

function setUp() {
  const parked: DeadLetterInput[] = [];
  const deadLetters: DeadLetterSink = { record: async (input) => void parked.push(input) };
  const options = { groupId: 'g', stage: 'spec-consumer', deadLetters, logger: createLogger('spec', 'silent'), baseMs: 1, capMs: 2 };
  return { parked, options };
}

describe('withFailurePolicy', () => {
  it('parks a permanent failure after one attempt and lets the consumer move on', async () => {
    const { parked, options } = setUp();
    let attempts = 0;
    const handler = withFailurePolicy(async () => {
      attempts++;
      throw new ValueOutOfBounds('session.connector_id', '2147483648 is outside int4');
    }, options);
    await expect(handler(aRecord())).resolves.toBeUndefined();
    expect(attempts).toBe(1);
    expect(parked).toEqual([
      expect.objectContaining({
        groupId: 'g',
        stage: 'spec-consumer',
        code: 'ValueOutOfBounds',
        reason: 'session.connector_id 2147483648 is outside int4',
      }),
    ]);
  });

  it('retries a transient failure in place and succeeds without a dead letter', async () => {
    const { parked, options } = setUp();
    let attempts = 0;
    const handler = withFailurePolicy(async () => {
      if (++attempts < 3) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    }, options);
    await handler(aRecord());
    expect(attempts).toBe(3);
    expect(parked).toEqual([]);
  });

  it('gives a lasting transient failure back to the adapter (re-delivery), never to the dead letters', async () => {
    const { parked, options } = setUp();
    let attempts = 0;
    const handler = withFailurePolicy(
      async () => {
        attempts++;
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      },
      { ...options, maxAttempts: 4 },
    );
    await expect(handler(aRecord())).rejects.toBeInstanceOf(TransientFailureExhausted);
    expect(attempts).toBe(4);
    expect(parked).toEqual([]);
  });

  it('skips a record re-driven for another consumer group, and handles one re-driven for its own', async () => {
    const { options } = setUp();
    const seen: string[] = [];
    const handler = withFailurePolicy(async (m) => void seen.push(m.offset), options);
    await handler(aRecord({ offset: '1', headers: { [RedriveHeader.Group]: 'other' } }));
    await handler(aRecord({ offset: '2', headers: { [RedriveHeader.Group]: 'g' } }));
    await handler(aRecord({ offset: '3' }));
    expect(seen).toEqual(['2', '3']);
  });

  it('lets the record come again when the dead letter cannot be written', async () => {
    const { options } = setUp();
    const handler = withFailurePolicy(
      async () => {
        throw new ValueOutOfBounds('x', 'y');
      },
      { ...options, deadLetters: { record: () => Promise.reject(new Error('Connection terminated unexpectedly')) } },
    );
    await expect(handler(aRecord())).rejects.toThrow('Connection terminated unexpectedly');
  });
});
