/** The OCPP-J WebSocket subprotocols Voltlane speaks, spelled as they appear on the wire. */
export type OcppVersion = 'ocpp1.6' | 'ocpp2.0.1' | 'ocpp2.1';

export const OCPP_VERSIONS: readonly OcppVersion[] = Object.freeze(['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1']);

export function isOcppVersion(s: string): s is OcppVersion {
  return s === 'ocpp1.6' || s === 'ocpp2.0.1' || s === 'ocpp2.1';
}
