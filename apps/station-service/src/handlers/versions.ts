import type { OcppVersion } from '@voltlane/ocpp';

export const ALL_VERSIONS: readonly OcppVersion[] = ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'];
export const V2X: readonly OcppVersion[] = ['ocpp2.0.1', 'ocpp2.1'];
export const V16: readonly OcppVersion[] = ['ocpp1.6'];

export type Payload = Record<string, unknown>;
