import type { BootStatus } from '@voltlane/messaging';

/**
 * CSMS→station actions allowed while a station's BootNotification is Pending (or before it
 * booted at all): provisioning only — reading and writing configuration / device model, network
 * profile, certificates, triggering messages (TriggerMessage(BootNotification) is how a Pending
 * station gets accepted, OCTT TC_B_31) and Reset. Never Remote Start/Stop (1.6 explicit) or any
 * other operation. While Rejected nothing may be sent (2.0.1 errata: not even TriggerMessage).
 */
export const PENDING_ALLOWED_ACTIONS: ReadonlySet<string> = new Set([
  // 1.6
  'GetConfiguration',
  'ChangeConfiguration',
  'TriggerMessage',
  'ExtendedTriggerMessage',
  'Reset',
  'GetInstalledCertificateIds',
  'InstallCertificate',
  'DeleteCertificate',
  'CertificateSigned',
  // 2.x
  'GetVariables',
  'SetVariables',
  'GetBaseReport',
  'GetReport',
  'SetNetworkProfile',
]);

export type CommandGate = { allowed: true } | { allowed: false; reason: string };

/** Whether `action` may be sent to a station whose boot status is `status` (null: not booted yet, treated as Pending). */
export function commandAllowed(status: BootStatus | null, action: string): CommandGate {
  if (status === 'Accepted') return { allowed: true };
  if (status === 'Rejected') return { allowed: false, reason: 'the station was Rejected at boot: nothing may be sent to it' };
  if (PENDING_ALLOWED_ACTIONS.has(action)) return { allowed: true };
  const state = status === 'Pending' ? 'is Pending' : 'has not been accepted yet (no BootNotification)';
  return {
    allowed: false,
    reason: `the station ${state}: only provisioning actions may be sent (${[...PENDING_ALLOWED_ACTIONS].sort().join(', ')})`,
  };
}
