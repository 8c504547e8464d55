import type { ReadinessCheck } from '@voltlane/telemetry';
import type { OcppGateway } from './gateway';

/** The gateway's own readiness: it accepts connections (it fails from the start of a drain on). */
export function listeningCheck(gateway: Pick<OcppGateway, 'accepting'>): ReadinessCheck {
  return {
    name: 'listening',
    check: async () => {
      if (!gateway.accepting) throw new Error('draining');
    },
  };
}
