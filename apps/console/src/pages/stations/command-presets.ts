/** Commands an operator sends from a station's page, with a starting payload per OCPP version. */
export interface CommandPreset {
  action: string;
  label: string;
  payload: Record<string, unknown>;
}

const v16: CommandPreset[] = [
  { action: 'Reset', label: 'Reset', payload: { type: 'Soft' } },
  { action: 'UnlockConnector', label: 'Unlock connector', payload: { connectorId: 1 } },
  { action: 'ChangeAvailability', label: 'Change availability', payload: { connectorId: 0, type: 'Inoperative' } },
  { action: 'RemoteStartTransaction', label: 'Remote start', payload: { idTag: 'OPERATOR', connectorId: 1 } },
  { action: 'RemoteStopTransaction', label: 'Remote stop', payload: { transactionId: 1 } },
  { action: 'TriggerMessage', label: 'Trigger message', payload: { requestedMessage: 'StatusNotification' } },
  { action: 'GetConfiguration', label: 'Get configuration', payload: {} },
  { action: 'ChangeConfiguration', label: 'Change configuration', payload: { key: 'HeartbeatInterval', value: '300' } },
  { action: 'UpdateFirmware', label: 'Update firmware (firmwareId of an uploaded image)', payload: { firmwareId: '' } },
  { action: 'GetDiagnostics', label: 'Diagnostics upload (Voltlane fills the location)', payload: {} },
  { action: 'GetLog', label: 'Log upload (Voltlane fills the location)', payload: { logType: 'DiagnosticsLog', requestId: 1, log: {} } },
  { action: 'ClearCache', label: 'Clear authorization cache', payload: {} },
];

const v2: CommandPreset[] = [
  { action: 'Reset', label: 'Reset', payload: { type: 'OnIdle' } },
  { action: 'UnlockConnector', label: 'Unlock connector', payload: { evseId: 1, connectorId: 1 } },
  { action: 'ChangeAvailability', label: 'Change availability', payload: { operationalStatus: 'Inoperative', evse: { id: 1 } } },
  {
    action: 'RequestStartTransaction',
    label: 'Remote start',
    payload: { idToken: { idToken: 'OPERATOR', type: 'Central' }, evseId: 1, remoteStartId: 1 },
  },
  { action: 'RequestStopTransaction', label: 'Remote stop', payload: { transactionId: '' } },
  { action: 'TriggerMessage', label: 'Trigger message', payload: { requestedMessage: 'StatusNotification' } },
  {
    action: 'GetVariables',
    label: 'Get variables',
    payload: { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] },
  },
  {
    action: 'SetVariables',
    label: 'Set variables',
    payload: {
      setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '300' }],
    },
  },
  { action: 'GetBaseReport', label: 'Get base report (device model)', payload: { requestId: 1, reportBase: 'FullInventory' } },
  { action: 'UpdateFirmware', label: 'Update firmware (firmwareId of an uploaded image)', payload: { requestId: 1, firmwareId: '' } },
  { action: 'GetLog', label: 'Log upload (Voltlane fills the location)', payload: { logType: 'DiagnosticsLog', requestId: 1, log: {} } },
  { action: 'ClearCache', label: 'Clear authorization cache', payload: {} },
];

/** The presets of a station's protocol (1.6 or 2.x); the payload is the official request, edited before sending. */
export function commandPresets(protocol: string | null | undefined): CommandPreset[] {
  return protocol === 'ocpp1.6' ? v16 : v2;
}
