import type { StationCredential, StationCredentialStore } from '../ports/station-credentials.port';

export class InMemoryStationCredentialStore implements StationCredentialStore {
  private readonly credentials = new Map<string, StationCredential>();

  async get(stationId: string): Promise<StationCredential | null> {
    const found = this.credentials.get(stationId);
    return found ? { ...found, ...(found.pending ? { pending: { ...found.pending } } : {}) } : null;
  }

  async put(credential: StationCredential): Promise<void> {
    this.credentials.set(credential.stationId, { ...credential, ...(credential.pending ? { pending: { ...credential.pending } } : {}) });
  }

  async remove(stationId: string): Promise<void> {
    this.credentials.delete(stationId);
  }

  async close(): Promise<void> {
    this.credentials.clear();
  }
}
