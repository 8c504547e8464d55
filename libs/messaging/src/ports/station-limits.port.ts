/**
 * The CSMS→station list requests a station limits per message, and the name of each in
 * `StationLimits`. 2.x: DeviceDataCtrlr.ItemsPerMessage/BytesPerMessage [GetVariables,
 * SetVariables, GetReport], MonitoringCtrlr.ItemsPerMessage/BytesPerMessage
 * [SetVariableMonitoring, ClearVariableMonitoring], LocalAuthListCtrlr.ItemsPerMessage/
 * BytesPerMessage (SendLocalList); 1.6: GetConfigurationMaxKeys, SendLocalListMaxLength.
 */
export const LIMITED_ACTIONS = [
  'GetVariables',
  'SetVariables',
  'GetReport',
  'SetVariableMonitoring',
  'ClearVariableMonitoring',
  'SendLocalList',
  'GetConfiguration',
] as const;
export type LimitedAction = (typeof LIMITED_ACTIONS)[number];

/** At most `items` list entries, and at most `bytes` bytes of the serialized OCPP-J CALL frame, per request. */
export interface MessageLimit {
  items?: number;
  bytes?: number;
}

/** A station's known limits (an action without an entry: unknown, requests are not split). */
export type StationLimits = Partial<Record<LimitedAction, MessageLimit>>;

/**
 * Per-station message limits, learnt by the station-service from the station's device model or
 * configuration and read by every service that sends list requests (the operator command path).
 */
export interface StationLimitStore {
  get(stationId: string): Promise<StationLimits | null>;
  /** Replaces the station's limits; empty limits remove them. */
  put(stationId: string, limits: StationLimits): Promise<void>;
  close(): Promise<void>;
}

/** A positive integer limit, or undefined (absent, malformed, 0 or negative: not a usable limit). */
export function positiveLimit(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Only the known actions and usable limits of `limits` (what a store keeps). */
export function cleanLimits(limits: StationLimits): StationLimits {
  const clean: StationLimits = {};
  for (const action of LIMITED_ACTIONS) {
    const items = positiveLimit(limits[action]?.items);
    const bytes = positiveLimit(limits[action]?.bytes);
    if (items !== undefined || bytes !== undefined)
      clean[action] = { ...(items !== undefined ? { items } : {}), ...(bytes !== undefined ? { bytes } : {}) };
  }
  return clean;
}
