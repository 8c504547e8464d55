import type { v16, v201 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { BootService, StationIdentity } from '../application/boot.service';
import { ALL_VERSIONS, type Payload } from './versions';

/** BootNotification (all versions): registers the station and answers its boot policy. */
export class BootNotificationHandler implements OcppCallHandler {
  readonly action = 'BootNotification';
  readonly versions = ALL_VERSIONS;

  constructor(private readonly boot: BootService) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    let identity: StationIdentity;
    let reason: string | undefined;
    if (context.protocol === 'ocpp1.6') {
      const p = payload as unknown as v16.BootNotificationRequest;
      identity = {
        vendor: p.chargePointVendor,
        model: p.chargePointModel,
        serialNumber: p.chargePointSerialNumber ?? p.chargeBoxSerialNumber,
        firmwareVersion: p.firmwareVersion,
        iccid: p.iccid,
        imsi: p.imsi,
        meterType: p.meterType,
        meterSerialNumber: p.meterSerialNumber,
      };
    } else {
      const p = payload as unknown as v201.BootNotificationRequest;
      const cs = p.chargingStation;
      identity = {
        vendor: cs.vendorName,
        model: cs.model,
        serialNumber: cs.serialNumber,
        firmwareVersion: cs.firmwareVersion,
        iccid: cs.modem?.iccid,
        imsi: cs.modem?.imsi,
      };
      reason = p.reason;
    }
    const decision = await this.boot.boot(context, identity, reason, payload);
    return {
      currentTime: new Date().toISOString(),
      interval: decision.interval,
      status: decision.status,
    } satisfies v16.BootNotificationResponse & v201.BootNotificationResponse;
  }
}
