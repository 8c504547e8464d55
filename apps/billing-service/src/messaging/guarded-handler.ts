import type { Logger } from 'pino';
import { BillingError } from '@voltlane/billing-domain';
import { ContractViolation } from '@voltlane/contracts';
import type { BusHandler, BusMessage } from '@voltlane/messaging';
import type { BillingFailureRepository } from '../persistence/billing-failure.repository';
import { actionFor } from './billing-error-policy';

export interface GuardOptions {
  maxAttempts?: number;
  retryBaseMs?: number;
}

/**
 * Wraps a record handler: a record that breaks its contract or a billing rule is dead-lettered
 * (stored, logged, skipped); any other failure (database blip, broker) is retried with backoff
 * and, if it persists, rethrown so the consumer does not commit the offset and redelivers.
 */
export function guardedHandler(
  handle: (message: BusMessage) => Promise<void>,
  failures: BillingFailureRepository,
  logger: Logger,
  { maxAttempts = 5, retryBaseMs = 200 }: GuardOptions = {},
): BusHandler {
  return async (message) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await handle(message);
        return;
      } catch (error) {
        const refusal = refusalOf(error);
        if (refusal) {
          const eventId = `${message.topic}:${message.partition}:${message.offset}`;
          logger[refusal.level]({ err: error, eventId, key: message.key }, 'record refused; dead-lettered');
          await failures.record({ eventId, topic: message.topic, code: refusal.code, message: (error as Error).message, payload: message.value });
          return;
        }
        if (attempt >= maxAttempts) throw error;
        logger.warn({ err: error, topic: message.topic, offset: message.offset, attempt }, 'record failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, retryBaseMs * 2 ** (attempt - 1)));
      }
    }
  };
}

function refusalOf(error: unknown): { code: string; level: 'error' | 'warn' } | undefined {
  if (error instanceof BillingError) return { code: error.code, level: actionFor(error.code).level };
  if (error instanceof ContractViolation) return { code: 'ContractViolation', level: 'error' };
  if (error instanceof SyntaxError) return { code: 'MalformedJson', level: 'error' };
  return undefined;
}
