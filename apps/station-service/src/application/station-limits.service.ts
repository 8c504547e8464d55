import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { StationLimitStore, StationLimits } from '@voltlane/messaging';
import {
  LIMIT_COMPONENTS,
  actualValue,
  collectLimits,
  limitOfConfigurationKey,
  limitOfVariable,
  type LimitSource,
} from '../domain/station-limits';

interface VariableRow {
  station_id: string;
  component_name: string;
  variable_name: string;
  variable_instance: string;
  attributes: unknown;
}

interface KeyRow {
  station_id: string;
  key: string;
  value: string | null;
}

const VARIABLES_SQL = `SELECT station_id, component_name, variable_name, variable_instance, attributes FROM device_variable
  WHERE component_name = ANY($1) AND (variable_name LIKE 'ItemsPerMessage%' OR variable_name LIKE 'BytesPerMessage%')
    AND component_instance = '' AND evse_id = 0 AND connector_id = 0`;
const KEYS_SQL = `SELECT station_id, key, value FROM configuration_key WHERE lower(key) IN ('getconfigurationmaxkeys', 'sendlocallistmaxlength')`;

/**
 * Each station's message limits (ADR 0017), learnt from what the station reported — its 2.x
 * device model (NotifyReport, GetVariables results: device_variable) and its 1.6 configuration
 * (GetConfiguration results: configuration_key) — and published to the store every command
 * sender reads. The database is the source of truth: a station's limits are re-read from it
 * whenever a report or result touched one, and `republish()` rebuilds the store at start-up.
 */
export class StationLimitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: StationLimitStore,
    private readonly logger: Logger,
  ) {}

  /** Re-reads the station's limits and publishes them (none: removed from the store). */
  async refresh(stationId: string): Promise<StationLimits> {
    const limits = (await this.read(stationId)).get(stationId) ?? {};
    await this.store.put(stationId, limits);
    this.logger.info({ stationId, limits }, 'station message limits published');
    return limits;
  }

  /** Publishes every station's stored limits (start-up: a flushed Redis recovers). */
  async republish(): Promise<number> {
    const all = await this.read();
    for (const [stationId, limits] of all) await this.store.put(stationId, limits);
    this.logger.info({ stations: all.size }, 'station message limits republished');
    return all.size;
  }

  private async read(stationId?: string): Promise<Map<string, StationLimits>> {
    const only = stationId === undefined ? '' : ' AND station_id = $2';
    const [variables, keys] = await Promise.all([
      this.dataSource.query<VariableRow[]>(
        VARIABLES_SQL + only,
        stationId === undefined ? [LIMIT_COMPONENTS] : [LIMIT_COMPONENTS, stationId],
      ),
      this.dataSource.query<KeyRow[]>(
        KEYS_SQL + (stationId === undefined ? '' : ' AND station_id = $1'),
        stationId === undefined ? [] : [stationId],
      ),
    ]);
    const byStation = new Map<string, { source: LimitSource | undefined; value: unknown }[]>();
    const add = (id: string, source: LimitSource | undefined, value: unknown): void => {
      byStation.set(id, [...(byStation.get(id) ?? []), { source, value }]);
    };
    for (const row of variables)
      add(row.station_id, limitOfVariable(row.component_name, row.variable_name, row.variable_instance), actualValue(row.attributes));
    for (const row of keys) add(row.station_id, limitOfConfigurationKey(row.key), row.value);
    return new Map([...byStation].map(([id, values]) => [id, collectLimits(values)]));
  }
}

/** Whether a reported variable (component/variable names as in OCPP) is one of the limits. */
export function isLimitVariable(entry: {
  component: { name: string; evse?: unknown };
  variable: { name: string; instance?: string };
}): boolean {
  return limitOfVariable(entry.component.name, entry.variable.name, entry.variable.instance ?? '') !== undefined;
}

/** Whether a 1.6 configuration key is one of the limits. */
export function isLimitKey(key: unknown): boolean {
  return typeof key === 'string' && limitOfConfigurationKey(key) !== undefined;
}
