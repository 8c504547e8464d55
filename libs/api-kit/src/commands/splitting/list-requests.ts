import type { LimitedAction, MessageLimit } from '@voltlane/messaging';
import type { OcppVersion } from '@voltlane/ocpp';

type Json = Record<string, unknown>;

/** How the answers of a request's parts become one answer. */
export type StatusMerge =
  /** GetReport: Accepted when every part is Accepted or EmptyResultSet (EmptyResultSet when all are), else the first other status. */
  | 'report'
  /** SendLocalList: the status of the last part answered (parts stop at the first one not Accepted). */
  | 'last';

/** A CSMS→station request that carries a list a station may limit per message. */
export interface ListRequest {
  action: string;
  /** Which station limit applies. */
  limit: LimitedAction;
  /** The payload field that holds the list. */
  field: string;
  /** The answer fields whose entries answer the list's, concatenated in request order. */
  results: readonly string[];
  /** How the answer's `status` is merged (absent: the answer has none). */
  status?: StatusMerge;
  /** Each part builds on the one before (a local list): stop at the first part whose answer is not Accepted. */
  sequential?: boolean;
  /** Part `index` (from 0) of `payload`, besides its share of the list: part 0 is the payload as given. */
  adapt?(payload: Json, index: number, protocol: OcppVersion): Json;
  /** The name of the station's limit, for messages (e.g. `DeviceDataCtrlr.ItemsPerMessage[GetVariables]`). */
  limitName(protocol: OcppVersion, kind: keyof MessageLimit): string;
}

const deviceData =
  (instance: string) =>
  (_protocol: OcppVersion, kind: keyof MessageLimit): string =>
    `DeviceDataCtrlr.${kind === 'items' ? 'ItemsPerMessage' : 'BytesPerMessage'}[${instance}]`;
const monitoring =
  (instance: string) =>
  (_protocol: OcppVersion, kind: keyof MessageLimit): string =>
    `MonitoringCtrlr.${kind === 'items' ? 'ItemsPerMessage' : 'BytesPerMessage'}[${instance}]`;

const versionField = (protocol: OcppVersion): string => (protocol === 'ocpp1.6' ? 'listVersion' : 'versionNumber');

/**
 * The list requests the operator path splits by the station's limits, per action (2.x actions
 * and 1.6 GetConfiguration / SendLocalList; the names do not overlap across versions).
 */
export const LIST_REQUESTS: Readonly<Record<string, ListRequest>> = {
  GetVariables: {
    action: 'GetVariables',
    limit: 'GetVariables',
    field: 'getVariableData',
    results: ['getVariableResult'],
    limitName: deviceData('GetVariables'),
  },
  SetVariables: {
    action: 'SetVariables',
    limit: 'SetVariables',
    field: 'setVariableData',
    results: ['setVariableResult'],
    limitName: deviceData('SetVariables'),
  },
  GetReport: {
    action: 'GetReport',
    limit: 'GetReport',
    field: 'componentVariable',
    results: [],
    status: 'report',
    // Each part is its own report: the station numbers its NotifyReport parts per requestId.
    adapt: (payload, index) => ({ ...payload, requestId: Number(payload.requestId) + index }),
    limitName: deviceData('GetReport'),
  },
  SetVariableMonitoring: {
    action: 'SetVariableMonitoring',
    limit: 'SetVariableMonitoring',
    field: 'setMonitoringData',
    results: ['setMonitoringResult'],
    limitName: monitoring('SetVariableMonitoring'),
  },
  ClearVariableMonitoring: {
    action: 'ClearVariableMonitoring',
    limit: 'ClearVariableMonitoring',
    field: 'id',
    results: ['clearMonitoringResult'],
    limitName: monitoring('ClearVariableMonitoring'),
  },
  GetConfiguration: {
    action: 'GetConfiguration',
    limit: 'GetConfiguration',
    field: 'key',
    results: ['configurationKey', 'unknownKey'],
    limitName: () => 'GetConfigurationMaxKeys',
  },
  SendLocalList: {
    action: 'SendLocalList',
    limit: 'SendLocalList',
    field: 'localAuthorizationList',
    results: [],
    status: 'last',
    sequential: true,
    // A Full list: the first part replaces the station's list, the others add to it. Each part
    // has the next version: a station answers VersionMismatch to a Differential update whose
    // version is not above its list's.
    adapt: (payload, index, protocol) => {
      const field = versionField(protocol);
      return { ...payload, updateType: index === 0 ? payload.updateType : 'Differential', [field]: Number(payload[field]) + index };
    },
    limitName: (protocol, kind) =>
      protocol === 'ocpp1.6' ? 'SendLocalListMaxLength' : `LocalAuthListCtrlr.${kind === 'items' ? 'ItemsPerMessage' : 'BytesPerMessage'}`,
  },
};

/** The list request `action` is, for a station of `protocol` (undefined: not a list request of that version). */
export function listRequestOf(protocol: OcppVersion, action: string): ListRequest | undefined {
  const request = LIST_REQUESTS[action];
  if (!request) return undefined;
  if (action === 'GetConfiguration') return protocol === 'ocpp1.6' ? request : undefined;
  if (action === 'SendLocalList') return request;
  return protocol === 'ocpp1.6' ? undefined : request;
}
