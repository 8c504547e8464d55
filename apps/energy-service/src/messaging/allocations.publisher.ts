import { energyAllocationContract, type EnergyAllocation } from '@voltlane/contracts';
import type { EventPublisher } from '@voltlane/messaging';
import type { EnergyServiceConfig } from '../config/energy-service-config';

/** Publishes each stored decision on `energy.allocations.v1`, key = site id, checked against its contract first. */
export class AllocationsPublisher {
  /** Decisions published by this process (metrics, tests). */
  published = 0;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly config: Pick<EnergyServiceConfig, 'topics'>,
  ) {}

  async publish(allocation: EnergyAllocation): Promise<void> {
    const value = energyAllocationContract.outgoing(allocation);
    await this.publisher.publish({ topic: this.config.topics.EnergyAllocations, key: allocation.siteId, value: JSON.stringify(value) });
    this.published++;
  }
}
