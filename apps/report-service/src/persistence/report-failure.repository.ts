import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Records the service refused (contract violation, malformed JSON): kept for an operator. */
@Injectable()
export class ReportFailureRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async record(failure: { eventId: string; topic: string; code: string; message: string; payload: string }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO report_failures (event_id, topic, code, message, payload) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO NOTHING`,
      [failure.eventId, failure.topic, failure.code, failure.message, failure.payload],
    );
  }
}
