import type { CommandResultEnvelope } from '@voltlane/contracts';
import { ProblemError } from '../http/problem';
import { COMMAND_QUEUE_FULL_RETRY_AFTER_S, commandResponse, retryAfterSeconds } from './command-result.http';

function aResult(overrides: Partial<CommandResultEnvelope> = {}): CommandResultEnvelope {
  return {
    kind: 'command-result',
    correlationId: 'c-1',
    stationId: 'CS-1',
    outcome: 'result',
    protocol: 'ocpp1.6',
    payload: { status: 'Accepted' },
    request: { action: 'ClearCache', payload: {} },
    ...overrides,
  };
}

function problemOf(result: CommandResultEnvelope): ProblemError {
  try {
    commandResponse(result);
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error('expected a ProblemError');
}

describe('commandResponse', () => {
  it('answers the station payload for a result', () => {
    expect(commandResponse(aResult())).toEqual({ protocol: 'ocpp1.6', result: { status: 'Accepted' } });
  });

  it.each<[string, number, Partial<CommandResultEnvelope>]>([
    ['offline', 409, { outcome: 'offline' }],
    ['timeout', 504, { outcome: 'timeout' }],
    ['CALLERROR', 502, { outcome: 'error', error: { code: 'InternalError', description: 'x', details: {} } }],
    ['invalid CALLRESULT', 502, { outcome: 'invalid-response', reason: 'bad' }],
    ['unsupported action', 400, { outcome: 'rejected', rejection: 'unsupported-action', reason: 'no' }],
    ['invalid payload', 400, { outcome: 'rejected', rejection: 'invalid-payload', reason: 'no' }],
    ['rejected without a code (older gateway)', 400, { outcome: 'rejected', reason: 'no' }],
    [
      'full command queue',
      429,
      { outcome: 'rejected', rejection: 'queue-full', retryAfterMs: 12_300, reason: 'command queue for this station is full' },
    ],
  ])('%s → %i', (_name, status, overrides) => {
    expect(problemOf(aResult({ payload: undefined, ...overrides })).status).toBe(status);
  });

  it('answers a full queue with 429, Retry-After from the gateway and a typed problem code', () => {
    const problem = problemOf(
      aResult({
        outcome: 'rejected',
        payload: undefined,
        rejection: 'queue-full',
        retryAfterMs: 12_300,
        reason: 'command queue for this station is full',
      }),
    );
    expect(problem).toMatchObject({ status: 429, title: 'Too Many Requests', headers: { 'Retry-After': '13' } });
    expect(problem.extra).toMatchObject({ code: 'command-queue-full', retryAfterSeconds: 13, stationId: 'CS-1', action: 'ClearCache' });
    expect(problem.detail).toContain('ClearCache was not sent');
  });

  it('does not decide by the message: the same reason text without the code is a 400', () => {
    expect(problemOf(aResult({ outcome: 'rejected', payload: undefined, reason: 'command queue for this station is full' })).status).toBe(
      400,
    );
  });

  it.each<[number | undefined, number]>([
    [undefined, COMMAND_QUEUE_FULL_RETRY_AFTER_S],
    [0, 1],
    [1, 1],
    [999, 1],
    [1_000, 1],
    [1_001, 2],
    [30_000, 30],
  ])('Retry-After for retryAfterMs %p is %i s', (ms, seconds) => {
    expect(retryAfterSeconds(ms)).toBe(seconds);
  });
});
