import type { Logger } from "pino";
import { BillingError } from "@voltlane/billing-domain";
import type { BusHandler, BusMessage } from "@voltlane/messaging";
import {
  contractRefusal,
  guardedHandler as guarded,
  type DeadLetterStore,
  type GuardOptions,
  type Refusal,
} from "@voltlane/service-kit";
import { actionFor } from "./billing-error-policy";

/** The shared guard, where a billing rule's error also refuses the record (at its policy's level). */
export function guardedHandler(
  handle: (message: BusMessage) => Promise<void>,
  failures: DeadLetterStore,
  logger: Logger,
  options: GuardOptions = {},
): BusHandler {
  return guarded(handle, failures, logger, {
    ...options,
    refusalOf: billingRefusal,
  });
}

function billingRefusal(error: unknown): Refusal | undefined {
  if (error instanceof BillingError)
    return { code: error.code, level: actionFor(error.code).level };
  return contractRefusal(error);
}
