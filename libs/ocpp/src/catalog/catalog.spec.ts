import { schemasOf } from '../schemas/schema-registry';
import { OCPP_VERSIONS } from '../versions/ocpp-version';
import { allowsDirection } from './action-info';
import { actionInfo, actionsOf } from './catalog';

describe('action catalog', () => {
  it.each(OCPP_VERSIONS)('%s lists exactly the actions that have schemas', (version) => {
    const catalog = actionsOf(version)
      .map((i) => i.action)
      .sort();
    const schemas = [...schemasOf(version).requests.keys()].sort();
    expect(catalog).toEqual(schemas);
  });

  it.each([
    ['ocpp1.6', 39],
    ['ocpp2.0.1', 64],
    ['ocpp2.1', 91],
  ] as const)('%s has %i actions', (version, count) => {
    expect(actionsOf(version)).toHaveLength(count);
  });

  it('1.6 has 28 core-spec and 11 security-whitepaper actions', () => {
    const security = actionsOf('ocpp1.6').filter((i) => i.group === 'Security');
    expect(security).toHaveLength(11);
    expect(actionsOf('ocpp1.6').length - security.length).toBe(28);
  });

  it('2.1 keeps every 2.0.1 action with the same direction', () => {
    for (const info of actionsOf('ocpp2.0.1')) {
      expect(actionInfo('ocpp2.1', info.action)).toMatchObject({ direction: info.direction, group: info.group });
    }
  });

  it('2.1 NotifyPeriodicEventStream is the only SEND, sent by the station', () => {
    expect(actionsOf('ocpp2.1').filter((i) => i.send)).toEqual([
      {
        version: 'ocpp2.1',
        action: 'NotifyPeriodicEventStream',
        direction: 'StationToCsms',
        group: 'N Diagnostics',
        send: true,
      },
    ]);
  });

  it.each(OCPP_VERSIONS)('%s: DataTransfer is the only action both sides send', (version) => {
    expect(
      actionsOf(version)
        .filter((i) => i.direction === 'Both')
        .map((i) => i.action),
    ).toEqual(['DataTransfer']);
    const info = actionInfo(version, 'DataTransfer')!;
    expect(allowsDirection(info, 'StationToCsms') && allowsDirection(info, 'CsmsToStation')).toBe(true);
  });

  it.each(OCPP_VERSIONS)('%s: the two directions partition the actions (DataTransfer in both)', (version) => {
    const fromStation = actionsOf(version, 'StationToCsms');
    const fromCsms = actionsOf(version, 'CsmsToStation');
    expect(fromStation.length + fromCsms.length).toBe(actionsOf(version).length + 1);
    expect(fromStation.every((i) => allowsDirection(i, 'StationToCsms'))).toBe(true);
    expect(fromCsms.every((i) => allowsDirection(i, 'CsmsToStation'))).toBe(true);
  });

  it.each([
    ['ocpp1.6', 'BootNotification', 'StationToCsms', 'Core'],
    ['ocpp1.6', 'RemoteStartTransaction', 'CsmsToStation', 'Core'],
    ['ocpp1.6', 'SendLocalList', 'CsmsToStation', 'LocalAuthListManagement'],
    ['ocpp1.6', 'SignedFirmwareStatusNotification', 'StationToCsms', 'Security'],
    ['ocpp1.6', 'TriggerMessage', 'CsmsToStation', 'RemoteTrigger'],
    ['ocpp2.0.1', 'TransactionEvent', 'StationToCsms', 'E Transactions'],
    ['ocpp2.0.1', 'Heartbeat', 'StationToCsms', 'G Availability'],
    ['ocpp2.0.1', 'CertificateSigned', 'CsmsToStation', 'A Security'],
    ['ocpp2.1', 'NotifyWebPaymentStarted', 'CsmsToStation', 'C Authorization'],
    ['ocpp2.1', 'BatterySwap', 'StationToCsms', 'S BatterySwapping'],
  ] as const)('%s %s goes %s (%s)', (version, action, direction, group) => {
    expect(actionInfo(version, action)).toEqual({ version, action, direction, group });
  });

  it.each([
    ['ocpp1.6', 'TransactionEvent'],
    ['ocpp2.0.1', 'StartTransaction'],
    ['ocpp2.0.1', 'BatterySwap'],
    ['ocpp2.1', 'heartbeat'],
    ['ocpp2.1', 'constructor'],
  ] as const)('%s does not know %s (actions are case-sensitive)', (version, action) => {
    expect(actionInfo(version, action)).toBeUndefined();
  });
});
