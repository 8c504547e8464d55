import { deviceVariableKey } from './report-assembly';

/**
 * Where a station's Basic-auth password travels in a command: 1.6 `ChangeConfiguration` of the
 * `AuthorizationKey` key, 2.x `SetVariables` of `SecurityCtrlr.BasicAuthPassword`. Both are
 * write-only (never stored in clear); a new one is the station's next credential.
 */
export function isAuthorizationKey(key: unknown): boolean {
  return typeof key === 'string' && key.toLowerCase() === 'authorizationkey';
}

/** A SetVariables entry or result for SecurityCtrlr.BasicAuthPassword (any instance or EVSE: all are the password). */
export function isBasicAuthPassword(entry: { component?: unknown; variable?: unknown }): boolean {
  if (typeof entry.component !== 'object' || entry.component === null || typeof entry.variable !== 'object' || entry.variable === null)
    return false;
  const key = deviceVariableKey(entry as Parameters<typeof deviceVariableKey>[0]);
  return key.componentName === 'SecurityCtrlr' && key.variableName === 'BasicAuthPassword';
}
