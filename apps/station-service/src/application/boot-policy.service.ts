import type { DataSource } from 'typeorm';
import type { BootStatus } from '@voltlane/messaging';
import { StationEntity } from '../persistence/station.entity';
import { ensureStation } from '../persistence/insert-ignore';

/**
 * An operator's per-station BootNotification policy. It provisions the station and applies at
 * its next BootNotification (e.g. after a TriggerMessage), which writes the gateway's status.
 * `null` clears it: the station then gets the default policy.
 */
export class BootPolicyService {
  constructor(private readonly dataSource: DataSource) {}

  async set(stationId: string, policy: BootStatus | null): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await ensureStation(m, stationId);
      await m.getRepository(StationEntity).update({ id: stationId }, { provisioned: true, bootPolicy: policy, updatedAt: new Date() });
    });
  }

  async get(stationId: string): Promise<BootStatus | null> {
    const station = await this.dataSource
      .getRepository(StationEntity)
      .findOne({ where: { id: stationId }, select: { id: true, bootPolicy: true } });
    return station?.bootPolicy ?? null;
  }
}
