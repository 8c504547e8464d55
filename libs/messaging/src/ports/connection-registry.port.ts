import type { OcppVersion } from '@voltlane/ocpp';

/** Which gateway instance holds a station's socket. */
export interface RegistryEntry {
  gatewayInstance: string;
  connectionId: string;
  protocol: OcppVersion;
  connectedAt: string;
}

export interface ConnectionRegistry {
  /** Registers the connection as the station's current one; returns the entry it replaced. */
  claim(stationId: string, entry: RegistryEntry, ttlMs: number): Promise<RegistryEntry | null>;
  /** Extends the TTL if `connectionId` is still the owner; false otherwise. */
  refresh(stationId: string, connectionId: string, ttlMs: number): Promise<boolean>;
  /** Compare-and-delete: removes the entry only if `connectionId` is still the owner. */
  release(stationId: string, connectionId: string): Promise<boolean>;
  lookup(stationId: string): Promise<RegistryEntry | null>;
  close(): Promise<void>;
}
