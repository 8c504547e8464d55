import { actualValue, collectLimits, limitOfConfigurationKey, limitOfVariable } from './station-limits';

describe('station limits from the device model and the 1.6 configuration', () => {
  it.each([
    ['DeviceDataCtrlr', 'ItemsPerMessage', 'GetVariables', { action: 'GetVariables', kind: 'items' }],
    ['DeviceDataCtrlr', 'BytesPerMessage', 'SetVariables', { action: 'SetVariables', kind: 'bytes' }],
    ['DeviceDataCtrlr', 'ItemsPerMessage', 'GetReport', { action: 'GetReport', kind: 'items' }],
    ['DeviceDataCtrlr', 'ItemsPerMessageGetVariables', '', { action: 'GetVariables', kind: 'items' }],
    ['MonitoringCtrlr', 'ItemsPerMessage', 'ClearVariableMonitoring', { action: 'ClearVariableMonitoring', kind: 'items' }],
    ['MonitoringCtrlr', 'BytesPerMessage', 'SetVariableMonitoring', { action: 'SetVariableMonitoring', kind: 'bytes' }],
    ['LocalAuthListCtrlr', 'ItemsPerMessage', '', { action: 'SendLocalList', kind: 'items' }],
    ['LocalAuthListCtrlr', 'BytesPerMessage', '', { action: 'SendLocalList', kind: 'bytes' }],
    ['DeviceDataCtrlr', 'ItemsPerMessage', '', undefined],
    ['DeviceDataCtrlr', 'ItemsPerMessage', 'SendLocalList', undefined],
    ['DeviceDataCtrlr', 'ItemsPerMessageGetVariables', 'GetVariables', undefined],
    ['OCPPCommCtrlr', 'ItemsPerMessage', 'GetVariables', undefined],
    ['DeviceDataCtrlr', 'HeartbeatInterval', '', undefined],
  ])('%s.%s[%s] → %j', (component, variable, instance, expected) => {
    expect(limitOfVariable(component, variable, instance)).toEqual(expected);
  });

  it('1.6 keys, case-insensitively', () => {
    expect(limitOfConfigurationKey('GetConfigurationMaxKeys')).toEqual({ action: 'GetConfiguration', kind: 'items' });
    expect(limitOfConfigurationKey('sendlocallistmaxlength')).toEqual({ action: 'SendLocalList', kind: 'items' });
    expect(limitOfConfigurationKey('LocalAuthListMaxLength')).toBeUndefined();
  });

  it('collects usable values per action; ignores malformed ones', () => {
    expect(
      collectLimits([
        { source: { action: 'GetVariables', kind: 'items' }, value: '4' },
        { source: { action: 'GetVariables', kind: 'bytes' }, value: '4096' },
        { source: { action: 'SetVariables', kind: 'items' }, value: '0' },
        { source: { action: 'GetReport', kind: 'items' }, value: 'many' },
        { source: undefined, value: '3' },
      ]),
    ).toEqual({ GetVariables: { items: 4, bytes: 4096 } });
  });

  it('reads the Actual attribute (type absent = Actual)', () => {
    expect(actualValue([{ type: 'Target', value: '9' }, { value: '4' }])).toBe('4');
    expect(actualValue(null)).toBeUndefined();
  });
});
