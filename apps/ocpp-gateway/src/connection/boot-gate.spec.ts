import { BootGate } from './boot-gate';

describe('BootGate', () => {
  it.each([
    [null, 'BootNotification', true],
    [null, 'Heartbeat', false],
    ['Rejected', 'StatusNotification', false],
    ['Pending', 'StatusNotification', false],
    ['Pending', 'BootNotification', true],
    ['Accepted', 'StatusNotification', true],
  ] as const)('status %p allows %s: %p', (status, action, allowed) => {
    expect(new BootGate(status).allows(action)).toBe(allowed);
  });

  it.each([
    ['TriggerMessage', { requestedMessage: 'StatusNotification' }, 'StatusNotification'],
    ['TriggerMessage', { requestedMessage: 'SignChargingStationCertificate' }, 'SignCertificate'],
    ['ExtendedTriggerMessage', { requestedMessage: 'FirmwareStatusNotification' }, 'SignedFirmwareStatusNotification'],
    ['GetBaseReport', { requestId: 1, reportBase: 'FullInventory' }, 'NotifyReport'],
    ['GetMonitoringReport', { requestId: 1 }, 'NotifyMonitoringReport'],
  ])('while Pending, %s %p lets %s through', (action, payload, requested) => {
    const gate = new BootGate('Pending');
    expect(gate.allows(requested)).toBe(false);
    gate.onCommandSent(action, payload);
    expect(gate.allows(requested)).toBe(true);
    expect(gate.allows('Authorize')).toBe(false);
  });

  it('does not open anything for a Rejected station, even when triggered', () => {
    const gate = new BootGate('Rejected');
    gate.onCommandSent('TriggerMessage', { requestedMessage: 'StatusNotification' });
    expect(gate.allows('StatusNotification')).toBe(false);
  });

  it('learns the status from the Boot answer', () => {
    const gate = new BootGate(null);
    gate.onBootAnswer({ status: 'Pending', interval: 10, currentTime: '2026-01-01T00:00:00Z' });
    expect(gate.status).toBe('Pending');
    gate.onBootAnswer({ status: 'Accepted' });
    expect(gate.allows('MeterValues')).toBe(true);
    gate.onBootAnswer({ status: 'Bogus' });
    expect(gate.status).toBe('Accepted');
  });
});
