import type { v16 } from '@voltlane/ocpp';
import type { OcppCallHandler } from '@voltlane/service-kit';
import { ALL_VERSIONS, type Payload } from './versions';

/**
 * Heartbeat (all versions). The gateway usually answers it locally (the frame then arrives with
 * `answered` set and this result is not sent); lastSeen comes from the frame observer.
 */
export class HeartbeatHandler implements OcppCallHandler {
  readonly action = 'Heartbeat';
  readonly versions = ALL_VERSIONS;

  async handle(): Promise<Payload> {
    return { currentTime: new Date().toISOString() } satisfies v16.HeartbeatResponse;
  }
}
