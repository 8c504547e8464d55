import type { OcppVersion } from '@voltlane/ocpp';
import type { ProfileTarget } from './profile-target';
import { profile16Request } from './profiles-16';
import { profile2xRequest } from './profiles-2x';

export * from './profile-target';

/** The SetChargingProfile payload for the station's version. */
export function setChargingProfileRequest(protocol: OcppVersion, target: ProfileTarget): Record<string, unknown> {
  return protocol === 'ocpp1.6' ? profile16Request(target) : profile2xRequest(target);
}
