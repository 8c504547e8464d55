import type { Logger } from 'pino';
import { ContractViolation } from '@voltlane/contracts';
import type { BusHandler, BusMessage } from '@voltlane/messaging';
import type { ReportFailureRepository } from '../persistence/report-failure.repository';

export interface GuardOptions {
  maxAttempts?: number;
  retryBaseMs?: number;
}

/**
 * Wraps a record handler: a record that breaks its contract (or is not JSON) is dead-lettered
 * (stored, logged, skipped); any other failure (database blip) is retried with backoff and, if it
 * persists, rethrown so the offset is not committed and the record comes again.
 */
export function guardedHandler(
  handle: (message: BusMessage) => Promise<void>,
  failures: ReportFailureRepository,
  logger: Logger,
  { maxAttempts = 5, retryBaseMs = 200 }: GuardOptions = {},
): BusHandler {
  return async (message) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await handle(message);
        return;
      } catch (error) {
        const code = error instanceof ContractViolation ? 'ContractViolation' : error instanceof SyntaxError ? 'MalformedJson' : undefined;
        if (code) {
          const eventId = `${message.topic}:${message.partition}:${message.offset}`;
          logger.error({ err: error, eventId, key: message.key }, 'record refused; dead-lettered');
          await failures.record({ eventId, topic: message.topic, code, message: (error as Error).message, payload: message.value });
          return;
        }
        if (attempt >= maxAttempts) throw error;
        logger.warn({ err: error, topic: message.topic, offset: message.offset, attempt }, 'record failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, retryBaseMs * 2 ** (attempt - 1)));
      }
    }
  };
}
