import type { BootStatus } from '@voltlane/messaging';

/**
 * What a station may send before its BootNotification is Accepted (1.6J errata 3.8, 2.0.1
 * B02.FR.09 / B03.FR.07): only BootNotification — and, while Pending, the messages a
 * TriggerMessage, GetBaseReport/GetReport or GetMonitoringReport asked for.
 */
export class BootGate {
  private readonly allowedWhilePending = new Set<string>();

  constructor(public status: BootStatus | null) {}

  allows(action: string): boolean {
    if (this.status === 'Accepted' || action === 'BootNotification') return true;
    return this.status === 'Pending' && this.allowedWhilePending.has(action);
  }

  /** A CSMS→station call was sent: remember which station messages it asks for. */
  onCommandSent(action: string, payload: Record<string, unknown>): void {
    for (const requested of requestedMessages(action, payload)) this.allowedWhilePending.add(requested);
  }

  /** The BootNotification answer passing through to the station. */
  onBootAnswer(payload: unknown): void {
    const status = (payload as { status?: unknown } | null)?.status;
    if (status === 'Accepted' || status === 'Pending' || status === 'Rejected') this.status = status;
  }
}

const TRIGGER_TARGETS: Record<string, string[]> = {
  SignChargePointCertificate: ['SignCertificate'],
  SignChargingStationCertificate: ['SignCertificate'],
  SignV2GCertificate: ['SignCertificate'],
  SignV2G20Certificate: ['SignCertificate'],
  SignCombinedCertificate: ['SignCertificate'],
  FirmwareStatusNotification: ['FirmwareStatusNotification', 'SignedFirmwareStatusNotification'],
};

function requestedMessages(action: string, payload: Record<string, unknown>): string[] {
  switch (action) {
    case 'TriggerMessage':
    case 'ExtendedTriggerMessage': {
      const requested = payload.requestedMessage;
      if (typeof requested !== 'string') return [];
      return TRIGGER_TARGETS[requested] ?? [requested];
    }
    case 'GetBaseReport':
    case 'GetReport':
      return ['NotifyReport'];
    case 'GetMonitoringReport':
      return ['NotifyMonitoringReport'];
    case 'GetConfiguration':
    case 'GetVariables':
    case 'SetVariables':
    case 'ChangeConfiguration':
      return [];
    default:
      return [];
  }
}
