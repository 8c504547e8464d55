import { commandAllowed, PENDING_ALLOWED_ACTIONS } from './command-policy';

describe('commandAllowed (boot status gate of CSMS→station commands)', () => {
  it('allows everything once Accepted', () => {
    expect(commandAllowed('Accepted', 'RemoteStartTransaction')).toEqual({ allowed: true });
    expect(commandAllowed('Accepted', 'UpdateFirmware')).toEqual({ allowed: true });
  });

  it('allows nothing while Rejected, not even TriggerMessage', () => {
    for (const action of ['TriggerMessage', 'GetConfiguration', 'Reset', 'GetVariables']) {
      expect(commandAllowed('Rejected', action)).toMatchObject({ allowed: false, reason: expect.stringContaining('Rejected') });
    }
  });

  it.each(['Pending', null] as const)('allows only provisioning actions while %s', (status) => {
    for (const action of PENDING_ALLOWED_ACTIONS) expect(commandAllowed(status, action)).toEqual({ allowed: true });
    for (const action of [
      'RemoteStartTransaction',
      'RequestStartTransaction',
      'UpdateFirmware',
      'ChangeAvailability',
      'DataTransfer',
      'UnlockConnector',
    ]) {
      expect(commandAllowed(status, action)).toMatchObject({ allowed: false, reason: expect.stringContaining('provisioning') });
    }
  });

  it('lists the provisioning actions named by the reference', () => {
    expect([...PENDING_ALLOWED_ACTIONS]).toEqual(
      expect.arrayContaining([
        'GetConfiguration',
        'ChangeConfiguration',
        'GetVariables',
        'SetVariables',
        'GetBaseReport',
        'GetReport',
        'SetNetworkProfile',
        'TriggerMessage',
        'Reset',
      ]),
    );
  });
});
