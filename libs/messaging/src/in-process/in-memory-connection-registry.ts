import type { ConnectionRegistry, RegistryEntry } from '../ports/connection-registry.port';

/** Registry of the all-in-one process, with the same TTL and compare-and-delete rules. */
export class InMemoryConnectionRegistry implements ConnectionRegistry {
  private readonly entries = new Map<string, { entry: RegistryEntry; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async claim(stationId: string, entry: RegistryEntry, ttlMs: number): Promise<RegistryEntry | null> {
    const old = await this.lookup(stationId);
    this.entries.set(stationId, { entry: { ...entry }, expiresAt: this.now() + ttlMs });
    return old;
  }

  async refresh(stationId: string, connectionId: string, ttlMs: number): Promise<boolean> {
    const current = this.live(stationId);
    if (!current || current.entry.connectionId !== connectionId) return false;
    current.expiresAt = this.now() + ttlMs;
    return true;
  }

  async release(stationId: string, connectionId: string): Promise<boolean> {
    const current = this.live(stationId);
    if (!current || current.entry.connectionId !== connectionId) return false;
    this.entries.delete(stationId);
    return true;
  }

  async lookup(stationId: string): Promise<RegistryEntry | null> {
    const current = this.live(stationId);
    return current ? { ...current.entry } : null;
  }

  async close(): Promise<void> {
    this.entries.clear();
  }

  private live(stationId: string): { entry: RegistryEntry; expiresAt: number } | undefined {
    const current = this.entries.get(stationId);
    if (current && current.expiresAt <= this.now()) {
      this.entries.delete(stationId);
      return undefined;
    }
    return current;
  }
}
