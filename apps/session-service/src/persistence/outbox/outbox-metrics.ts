import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { gaugeFromAsyncReadings } from '@voltlane/telemetry';

/** What the outbox holds that is not published yet: how many records, and how old the oldest is. */
export async function outboxBacklog(dataSource: DataSource): Promise<{ records: number; oldestAgeSeconds: number }> {
  // The partial index outbox_pending_idx holds exactly the unpublished rows.
  const [row] = await dataSource.query<{ n: number; age: number | null }[]>(
    `SELECT count(*)::int AS n, extract(epoch FROM now() - min(created_at))::float8 AS age FROM outbox WHERE published_at IS NULL`,
  );
  return { records: row?.n ?? 0, oldestAgeSeconds: Math.max(0, row?.age ?? 0) };
}

/**
 * `voltlane_outbox_pending_records` and `voltlane_outbox_oldest_pending_age_seconds`: the
 * session-service's outbox backlog, counted when scraped. Events pile up here while Kafka refuses
 * them; billing sees no session end (and issues no CDR) until they go out.
 */
export function bindOutboxMetrics(registry: Registry, dataSource: DataSource, service: string): void {
  const backlog = () => outboxBacklog(dataSource);
  gaugeFromAsyncReadings(
    registry,
    'voltlane_outbox_pending_records',
    'Outbox records not yet published to Kafka',
    ['service'],
    async () => [[{ service }, (await backlog()).records]],
  );
  gaugeFromAsyncReadings(
    registry,
    'voltlane_outbox_oldest_pending_age_seconds',
    'Age of the oldest outbox record not yet published (0 when none)',
    ['service'],
    async () => [[{ service }, (await backlog()).oldestAgeSeconds]],
  );
}
