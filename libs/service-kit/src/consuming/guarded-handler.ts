import type { Logger } from "pino";
import { ContractViolation } from "@voltlane/contracts";
import type { BusHandler, BusMessage } from "@voltlane/messaging";

/** Where a refused record is kept (a service's dead-letter table). */
export interface DeadLetterStore {
  record(failure: {
    eventId: string;
    topic: string;
    code: string;
    message: string;
    payload: string;
  }): Promise<void>;
}

/** Why a record is refused for good (retrying cannot help), and how loudly to log it. */
export interface Refusal {
  code: string;
  level: "error" | "warn";
}

export interface GuardOptions {
  maxAttempts?: number;
  retryBaseMs?: number;
  /** Which errors refuse a record; by default a broken contract or a value that is not JSON. */
  refusalOf?: (error: unknown) => Refusal | undefined;
}

/** A record that breaks its contract, or is not JSON, can never be processed. */
export function contractRefusal(error: unknown): Refusal | undefined {
  if (error instanceof ContractViolation)
    return { code: "ContractViolation", level: "error" };
  if (error instanceof SyntaxError)
    return { code: "MalformedJson", level: "error" };
  return undefined;
}

/**
 * Wraps a record handler: a refused record is dead-lettered (stored, logged, skipped); any other
 * failure (database blip, broker) is retried with backoff and, if it persists, rethrown so the
 * consumer does not commit the offset and the record comes again.
 */
export function guardedHandler(
  handle: (message: BusMessage) => Promise<void>,
  failures: DeadLetterStore,
  logger: Logger,
  {
    maxAttempts = 5,
    retryBaseMs = 200,
    refusalOf = contractRefusal,
  }: GuardOptions = {},
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
          logger[refusal.level](
            { err: error, eventId, key: message.key },
            "record refused; dead-lettered",
          );
          await failures.record({
            eventId,
            topic: message.topic,
            code: refusal.code,
            message: (error as Error).message,
            payload: message.value,
          });
          return;
        }
        if (attempt >= maxAttempts) throw error;
        logger.warn(
          { err: error, topic: message.topic, offset: message.offset, attempt },
          "record failed; retrying",
        );
        await new Promise((resolve) =>
          setTimeout(resolve, retryBaseMs * 2 ** (attempt - 1)),
        );
      }
    }
  };
}
