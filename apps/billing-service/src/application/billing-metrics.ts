import type { Registry } from 'prom-client';
import { counterFromReadings, gaugeFromAsyncReadings } from '@voltlane/telemetry';
import type { CdrPublisher } from '../messaging/cdr.publisher';
import type { CdrRepository } from '../persistence/cdr.repository';
import type { SessionBillingService } from './session-billing.service';

/**
 * The billing-service's metrics: CDRs issued and published (counts the service keeps), and the
 * CDR backlog — issued CDRs not published yet and the age of the oldest (counted when scraped).
 */
export function bindBillingMetrics(
  registry: Registry,
  parts: { billing: SessionBillingService; publisher: CdrPublisher; cdrs: CdrRepository },
): void {
  counterFromReadings(registry, 'voltlane_billing_cdrs_issued_total', 'CDRs issued (one per ended session)', [], () => [
    [{}, parts.billing.issued],
  ]);
  counterFromReadings(
    registry,
    'voltlane_billing_cdrs_published_total',
    'CDRs published on billing.cdrs.v1, re-publications of a CDR seen again included',
    [],
    () => [[{}, parts.publisher.published]],
  );
  gaugeFromAsyncReadings(
    registry,
    'voltlane_billing_cdrs_unpublished',
    'CDRs issued and not yet published on billing.cdrs.v1',
    [],
    async () => [[{}, (await parts.cdrs.unpublished()).count]],
  );
  gaugeFromAsyncReadings(
    registry,
    'voltlane_billing_cdr_oldest_unpublished_age_seconds',
    'Age of the oldest CDR issued and not yet published (0 when none)',
    [],
    async () => [[{}, (await parts.cdrs.unpublished()).oldestAgeSeconds]],
  );
}
