import { customerTokenSnapshotContract, type CustomerTokenSnapshot } from '@voltlane/contracts';
import type { EventPublisher } from '@voltlane/messaging';

/** Publishes token snapshots on `customers.tokens.v1`, key = the token key. */
export class TokenEventPublisher {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly topic: string,
  ) {}

  async publish(snapshot: CustomerTokenSnapshot): Promise<void> {
    // Validate what leaves the process, so a bug here never reaches a consumer.
    const valid = customerTokenSnapshotContract.outgoing(snapshot);
    await this.publisher.publish({ topic: this.topic, key: valid.key, value: JSON.stringify(valid) });
  }
}
