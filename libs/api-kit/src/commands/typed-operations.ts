import { commandOwner, type CommandOwner } from '@voltlane/contracts';
import { actionsOf, type OcppVersion } from '@voltlane/ocpp';

/** URL segment and operationId prefix of each version's typed command endpoints. */
export const VERSION_PREFIX: Readonly<Record<OcppVersion, string>> = { 'ocpp1.6': 'ocpp16', 'ocpp2.0.1': 'ocpp201', 'ocpp2.1': 'ocpp21' };
const VERSION_LABEL: Readonly<Record<OcppVersion, string>> = { 'ocpp1.6': 'OCPP 1.6', 'ocpp2.0.1': 'OCPP 2.0.1', 'ocpp2.1': 'OCPP 2.1' };

/** One typed command endpoint: `POST /api/v1/stations/{id}/<prefix>/<kebab-action>`. */
export interface TypedOperation {
  version: OcppVersion;
  action: string;
  /** Route below `api/v1/stations/:id/`, e.g. `ocpp16/reset`. */
  route: string;
  /** e.g. `ocpp16Reset`: unique across the whole API. */
  operationId: string;
  /** Feature profile (1.6) or functional block (2.x), e.g. `OCPP 2.0.1 B Provisioning`. */
  tag: string;
}

/** `GetCompositeSchedule` → `get-composite-schedule`, `SetNetworkProfile` → …, `GetISO15118EVCertificate` → `get-iso15118-ev-certificate`. */
export function kebabCase(action: string): string {
  return action
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/** The typed endpoints of the CSMS→station actions `owner` owns (`commandOwner`), per version. */
export function typedOperations(version: OcppVersion, owner: CommandOwner): TypedOperation[] {
  const prefix = VERSION_PREFIX[version];
  return actionsOf(version, 'CsmsToStation')
    .filter((info) => commandOwner(info.action) === owner)
    .map((info) => ({
      version,
      action: info.action,
      route: `${prefix}/${kebabCase(info.action)}`,
      operationId: `${prefix}${info.action}`,
      tag: `${VERSION_LABEL[version]} ${info.group}`,
    }));
}
