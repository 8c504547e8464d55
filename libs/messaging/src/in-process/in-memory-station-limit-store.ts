import { cleanLimits, type StationLimitStore, type StationLimits } from '../ports/station-limits.port';

export class InMemoryStationLimitStore implements StationLimitStore {
  private readonly limits = new Map<string, StationLimits>();

  async get(stationId: string): Promise<StationLimits | null> {
    const found = this.limits.get(stationId);
    return found ? structuredClone(found) : null;
  }

  async put(stationId: string, limits: StationLimits): Promise<void> {
    const clean = cleanLimits(limits);
    if (Object.keys(clean).length > 0) this.limits.set(stationId, clean);
    else this.limits.delete(stationId);
  }

  async close(): Promise<void> {
    this.limits.clear();
  }
}
