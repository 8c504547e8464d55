import { BillingError } from '@voltlane/billing-domain';
import type { FailureClass } from '@voltlane/service-kit';

/**
 * Billing's own refusals for the shared failure policy: a billing rule's error (no tariff, an
 * invalid tariff, session data billing cannot price, …) can never pass by retrying, so the record
 * is parked as a dead letter under the rule's code; an operator fixes the cause (tariff, data) and
 * re-drives it. Everything else falls to the shared classification.
 */
export function classifyBillingFailure(error: unknown): FailureClass | undefined {
  if (error instanceof BillingError) return { kind: 'permanent', code: error.code, reason: error.message };
  return undefined;
}
