import type { Logger } from 'pino';
import type { BusHandler, BusMessage } from '@voltlane/messaging';
import { backoffDelay, sleep } from '@voltlane/messaging';
import type { DeadLetterSink } from './dead-letter';
import { redrivenForAnotherGroup } from './dead-letter';
import { classifyFailure, type FailureClass } from './failure-class';

export interface RetryOptions {
  /** Attempts in place for a transient failure before giving the record back to the adapter. */
  maxAttempts?: number;
  baseMs?: number;
  capMs?: number;
}

export interface FailurePolicyOptions extends RetryOptions {
  groupId: string;
  /** Names the consumer in logs and dead letters. */
  stage: string;
  deadLetters: DeadLetterSink;
  logger: Logger;
  /** A service's own refusals (e.g. a billing rule): classified before the shared rules. */
  classify?: (error: unknown) => FailureClass | undefined;
}

export class TransientFailureExhausted extends Error {
  constructor(
    readonly failure: FailureClass,
    readonly attempts: number,
    cause: unknown,
  ) {
    super(`${failure.code} after ${attempts} attempts: ${failure.reason}`, { cause });
    this.name = 'TransientFailureExhausted';
  }
}

/**
 * Runs `work`, retrying transient failures in place with capped, jittered back-off. Resolves with
 * the result, or rejects with the first permanent failure's class (as `{ permanent }`) or a
 * TransientFailureExhausted once the attempts are spent.
 */
export async function retryTransient<T>(
  work: () => Promise<T>,
  options: RetryOptions & {
    classify?: (error: unknown) => FailureClass | undefined;
    onRetry?: (failure: FailureClass, attempt: number, error: unknown) => void;
  },
): Promise<{ ok: true; value: T } | { ok: false; failure: FailureClass; error: unknown; attempts: number }> {
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await work() };
    } catch (error) {
      const failure = options.classify?.(error) ?? classifyFailure(error);
      if (failure.kind === 'permanent' || attempt >= maxAttempts) return { ok: false, failure, error, attempts: attempt };
      options.onRetry?.(failure, attempt, error);
      await sleep(backoffDelay(attempt, options.baseMs ?? 100, options.capMs ?? 2_000));
    }
  }
}

/**
 * The one failure policy of every consumer: a permanent failure is parked as a dead letter and the
 * record is done (the consumer moves on); a transient one is retried in place and, if it lasts,
 * given back to the adapter, which delivers the record again (nothing is lost; only this key
 * waits). A record re-driven for another consumer group is skipped.
 */
export function withFailurePolicy(handle: (message: BusMessage) => Promise<void>, options: FailurePolicyOptions): BusHandler {
  return async (message) => {
    if (redrivenForAnotherGroup(message, options.groupId)) return;
    const outcome = await retryTransient(() => handle(message), {
      ...options,
      onRetry: (failure, attempt) =>
        options.logger.warn(
          { topic: message.topic, offset: message.offset, key: message.key, code: failure.code, reason: failure.reason, attempt },
          'record failed; retrying',
        ),
    });
    if (outcome.ok) return;
    if (outcome.failure.kind === 'transient') throw new TransientFailureExhausted(outcome.failure, outcome.attempts, outcome.error);
    await parkRecord(options, message, outcome.failure, outcome.error);
  };
}

/** Stores a permanently failed record as a dead letter and logs it once. */
export async function parkRecord(
  options: Pick<FailurePolicyOptions, 'groupId' | 'stage' | 'deadLetters' | 'logger'>,
  message: BusMessage,
  failure: FailureClass,
  error: unknown,
  station: { stationId?: string; action?: string; messageId?: string } = {},
): Promise<void> {
  options.logger.error(
    {
      err: error,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key,
      stage: options.stage,
      code: failure.code,
      ...station,
    },
    'record failed permanently; dead-lettered',
  );
  await options.deadLetters.record({
    groupId: options.groupId,
    stage: options.stage,
    message,
    code: failure.code,
    reason: failure.reason,
    ...station,
  });
}
