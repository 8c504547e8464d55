import { type OcppVersion } from '../versions/ocpp-version';
import { type ActionInfo, allowsDirection, type CatalogGroup, type Direction } from './action-info';
import { OCPP16_CATALOG } from './ocpp16.catalog';
import { OCPP201_CATALOG } from './ocpp201.catalog';
import { OCPP21_CATALOG } from './ocpp21.catalog';

interface VersionCatalog {
  readonly byAction: ReadonlyMap<string, ActionInfo>;
  readonly all: readonly ActionInfo[];
  readonly fromStation: readonly ActionInfo[];
  readonly fromCsms: readonly ActionInfo[];
}

function build(version: OcppVersion, groups: readonly CatalogGroup[]): VersionCatalog {
  const byAction = new Map<string, ActionInfo>();
  const add = (info: ActionInfo): void => {
    if (byAction.has(info.action)) throw new Error(`${version} catalog lists ${info.action} twice`);
    byAction.set(info.action, Object.freeze(info));
  };
  for (const { group, stationToCsms = [], csmsToStation = [], both = [], sendFromStation = [] } of groups) {
    for (const action of stationToCsms) add({ version, action, direction: 'StationToCsms', group });
    for (const action of csmsToStation) add({ version, action, direction: 'CsmsToStation', group });
    for (const action of both) add({ version, action, direction: 'Both', group });
    for (const action of sendFromStation) add({ version, action, direction: 'StationToCsms', group, send: true });
  }
  const all = Object.freeze([...byAction.values()].sort((a, b) => a.action.localeCompare(b.action)));
  return {
    byAction,
    all,
    fromStation: Object.freeze(all.filter((i) => allowsDirection(i, 'StationToCsms'))),
    fromCsms: Object.freeze(all.filter((i) => allowsDirection(i, 'CsmsToStation'))),
  };
}

const CATALOGS: Readonly<Record<OcppVersion, VersionCatalog>> = {
  'ocpp1.6': build('ocpp1.6', OCPP16_CATALOG),
  'ocpp2.0.1': build('ocpp2.0.1', OCPP201_CATALOG),
  'ocpp2.1': build('ocpp2.1', OCPP21_CATALOG),
};

/** What `version` says about `action` (case-sensitive), or undefined for an unknown action. */
export function actionInfo(version: OcppVersion, action: string): ActionInfo | undefined {
  return CATALOGS[version].byAction.get(action);
}

/** The actions of `version`, sorted by name; with `direction`, those whose request may travel that way. */
export function actionsOf(version: OcppVersion, direction?: Direction): readonly ActionInfo[] {
  const catalog = CATALOGS[version];
  if (direction === undefined) return catalog.all;
  return direction === 'StationToCsms' ? catalog.fromStation : catalog.fromCsms;
}
