/**
 * A station's current BootNotification status, written by the station-service and read by the
 * gateway, which answers CALLs other than BootNotification with SecurityError until Accepted.
 */
export type BootStatus = 'Accepted' | 'Pending' | 'Rejected';

export interface BootStatusStore {
  get(stationId: string): Promise<BootStatus | null>;
  set(stationId: string, status: BootStatus): Promise<void>;
  close(): Promise<void>;
}
