import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { EvCharging, EvNeedsRequest } from '../application/ev-charging';

/** K15/K17: an EV's charging needs; Accepted, and a TxProfile follows the answer. */
export class NotifyEVChargingNeedsHandler implements OcppCallHandler<EvNeedsRequest, { status: 'Accepted' }> {
  readonly action = 'NotifyEVChargingNeeds';
  readonly versions = ['ocpp2.0.1', 'ocpp2.1'] as const;

  constructor(private readonly ev: EvCharging) {}

  async handle(payload: EvNeedsRequest, context: InboundCallContext): Promise<{ status: 'Accepted' }> {
    return { status: this.ev.needs(context.stationId, payload) };
  }
}
