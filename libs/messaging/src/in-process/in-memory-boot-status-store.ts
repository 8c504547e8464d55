import type { BootStatus, BootStatusStore } from '../ports/boot-status.port';

export class InMemoryBootStatusStore implements BootStatusStore {
  private readonly statuses = new Map<string, BootStatus>();

  async get(stationId: string): Promise<BootStatus | null> {
    return this.statuses.get(stationId) ?? null;
  }

  async set(stationId: string, status: BootStatus): Promise<void> {
    this.statuses.set(stationId, status);
  }

  async close(): Promise<void> {
    this.statuses.clear();
  }
}
