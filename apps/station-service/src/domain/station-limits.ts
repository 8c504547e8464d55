import { positiveLimit, type LimitedAction, type MessageLimit, type StationLimits } from '@voltlane/messaging';

/** Which limit a device-model variable or configuration key gives, if any. */
export interface LimitSource {
  action: LimitedAction;
  kind: keyof MessageLimit;
}

/** The controller components whose ItemsPerMessage / BytesPerMessage variables limit list requests. */
export const LIMIT_COMPONENTS = ['DeviceDataCtrlr', 'MonitoringCtrlr', 'LocalAuthListCtrlr'] as const;

const INSTANCES: Record<string, readonly LimitedAction[]> = {
  DeviceDataCtrlr: ['GetVariables', 'SetVariables', 'GetReport'],
  MonitoringCtrlr: ['SetVariableMonitoring', 'ClearVariableMonitoring'],
};

/**
 * The limit a 2.x station variable sets: `DeviceDataCtrlr.ItemsPerMessage` instance
 * `GetVariables` (the OCPP 2.0.1 appendix names it ItemsPerMessageGetVariables), …,
 * `LocalAuthListCtrlr.ItemsPerMessage` (SendLocalList, no instance). Stations that report the
 * appendix name as the variable name (`ItemsPerMessageGetVariables`, no instance) are understood too.
 */
export function limitOfVariable(componentName: string, variableName: string, variableInstance = ''): LimitSource | undefined {
  const match = /^(ItemsPerMessage|BytesPerMessage)(.*)$/.exec(variableName);
  if (!match) return undefined;
  const kind = match[1] === 'ItemsPerMessage' ? 'items' : 'bytes';
  const instance = variableInstance || match[2];
  if (variableInstance && match[2]) return undefined;
  if (componentName === 'LocalAuthListCtrlr')
    return instance === '' || instance === 'SendLocalList' ? { action: 'SendLocalList', kind } : undefined;
  const action = INSTANCES[componentName]?.find((a) => a === instance);
  return action ? { action, kind } : undefined;
}

/** The limit a 1.6 configuration key sets: GetConfigurationMaxKeys and SendLocalListMaxLength (keys compared case-insensitively). */
export function limitOfConfigurationKey(key: string): LimitSource | undefined {
  switch (key.toLowerCase()) {
    case 'getconfigurationmaxkeys':
      return { action: 'GetConfiguration', kind: 'items' };
    case 'sendlocallistmaxlength':
      return { action: 'SendLocalList', kind: 'items' };
    default:
      return undefined;
  }
}

/** Collects limits from (source, value) pairs; values that are not positive integers are ignored. */
export function collectLimits(values: Iterable<{ source: LimitSource | undefined; value: unknown }>): StationLimits {
  const limits: StationLimits = {};
  for (const { source, value } of values) {
    const limit = positiveLimit(value);
    if (!source || limit === undefined) continue;
    limits[source.action] = { ...limits[source.action], [source.kind]: limit };
  }
  return limits;
}

/** The Actual value of a stored device-model variable (`attributes` as stored: [{ type?, value? }]). */
export function actualValue(attributes: unknown): unknown {
  if (!Array.isArray(attributes)) return undefined;
  const actual = (attributes as { type?: unknown; value?: unknown }[]).find((a) => (a.type ?? 'Actual') === 'Actual');
  return actual?.value;
}
