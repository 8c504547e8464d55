import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface BillingFailure {
  eventId: string;
  topic: string;
  code: string;
  message: string;
  payload: string;
}

/** Dead letters: records billing refused, kept for an operator to fix the cause and re-drive. */
@Injectable()
export class BillingFailureRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async record(failure: BillingFailure): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO billing_failures (event_id, topic, code, message, payload, failed_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (event_id) DO UPDATE SET code = excluded.code, message = excluded.message, payload = excluded.payload, failed_at = now()`,
      [failure.eventId, failure.topic, failure.code, failure.message, failure.payload],
    );
  }

  async list(): Promise<BillingFailure[]> {
    return this.dataSource.query<BillingFailure[]>(`SELECT event_id AS "eventId", topic, code, message, payload FROM billing_failures ORDER BY failed_at`);
  }
}
