import type { ServicePorts } from './service-runtime';

/** The per-station state every process of a deployment shares (Redis in distributed mode, in memory in one process). */
export type StationStateStores = Pick<ServicePorts, 'replyChannel' | 'registry' | 'credentials' | 'bootStatus' | 'limits'>;

export async function closeStationStateStores(stores: StationStateStores): Promise<void> {
  await Promise.all([
    stores.replyChannel.close(),
    stores.registry.close(),
    stores.credentials.close(),
    stores.bootStatus.close(),
    stores.limits.close(),
  ]);
}
