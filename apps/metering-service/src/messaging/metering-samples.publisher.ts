import type { MeteringSamplesEvent } from '@voltlane/contracts';
import type { EventPublisher } from '@voltlane/messaging';

/** Port: publishes a stored batch on `metering.samples.v1`. */
export interface SamplesPublisher {
  publish(event: MeteringSamplesEvent): Promise<void>;
}

export class BusSamplesPublisher implements SamplesPublisher {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly topic: string,
  ) {}

  async publish(event: MeteringSamplesEvent): Promise<void> {
    await this.publisher.publish({
      topic: this.topic,
      key: event.stationId,
      value: JSON.stringify(event),
      headers: { 'content-type': 'application/json', 'voltlane-contract': 'metering.samples.v1' },
    });
  }
}
