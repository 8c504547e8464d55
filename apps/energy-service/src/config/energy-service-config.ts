import { EnvReader } from '@voltlane/config';
import { loadServiceConfig, type ServiceConfig } from '@voltlane/service-kit';

export const ENERGY_SERVICE = 'energy-service';

export interface EnergyServiceConfig extends ServiceConfig {
  energy: {
    /** Every site is re-planned at least this often, ms (ENERGY_SERVICE_PLAN_INTERVAL_S). */
    planIntervalMs: number;
    /** A trigger (session start/stop, limit change, overload) re-plans its site after this much quiet, ms. */
    replanDebounceMs: number;
    /** How often the planner looks for sites that are due, ms. */
    planPollMs: number;
    /** A session that draws less than its share for this long gives the rest to others, ms. */
    holdOffMs: number;
    /** Headroom kept above a session's measured draw when its unused share is given away, A. */
    headroomA: number;
    /** Least an AC session gets when it charges at all, A per phase (IEC 61851: 6). */
    acMinA: number;
    /** Least a DC session gets when it charges at all, kW. */
    dcMinKw: number;
    /** A limit that changed by less than this is not sent again, A. */
    deadbandA: number;
    /** stackLevel of the TxProfiles and the fail-safe TxDefaultProfile the service installs. */
    stackLevel: number;
    /** A charging-profile command waits this long for the station's answer, ms. */
    commandTimeoutMs: number;
    /** Allocation history older than this is deleted, days. */
    historyDays: number;
  };
}

/** Reads and validates the whole configuration once; throws one error naming every bad variable. */
export function loadEnergyServiceConfig(env: NodeJS.ProcessEnv): EnergyServiceConfig {
  const reader = new EnvReader(env);
  const base = loadServiceConfig(reader, ENERGY_SERVICE, 'energy');
  const config: EnergyServiceConfig = {
    ...base,
    energy: {
      planIntervalMs:
        reader.int('ENERGY_SERVICE_PLAN_INTERVAL_S', 30, { min: 1, max: 3600 }, 'Every site is re-planned at least this often (seconds).') *
        1000,
      replanDebounceMs: reader.int(
        'ENERGY_SERVICE_REPLAN_DEBOUNCE_MS',
        200,
        { min: 0, max: 60_000 },
        'A change (session start or stop, limit, overload) re-plans its site after this much quiet (ms).',
      ),
      planPollMs: reader.int(
        'ENERGY_SERVICE_PLAN_POLL_MS',
        250,
        { min: 10, max: 60_000 },
        'How often the planner looks for sites that are due (ms).',
      ),
      holdOffMs:
        reader.int(
          'ENERGY_SERVICE_HOLD_OFF_S',
          60,
          { min: 0, max: 3600 },
          'A session that draws less than its share for this long gives the unused part to others (seconds).',
        ) * 1000,
      headroomA: reader.decimal(
        'ENERGY_SERVICE_HEADROOM_A',
        2,
        { min: 0, max: 100 },
        'Current kept above a session’s measured draw when its unused share is given to others (A).',
      ),
      acMinA: reader.decimal(
        'ENERGY_SERVICE_AC_MIN_A',
        6,
        { min: 0, max: 100 },
        'Least current an AC session gets when it charges at all (A per phase).',
      ),
      dcMinKw: reader.decimal(
        'ENERGY_SERVICE_DC_MIN_KW',
        5,
        { min: 0, max: 1000 },
        'Least power a DC session gets when it charges at all (kW).',
      ),
      deadbandA: reader.decimal(
        'ENERGY_SERVICE_DEADBAND_A',
        0.5,
        { min: 0, max: 10 },
        'A limit that changed by less than this is not sent again (A).',
      ),
      stackLevel: reader.int(
        'ENERGY_SERVICE_STACK_LEVEL',
        1,
        { min: 0, max: 100 },
        'stackLevel of the TxProfiles and fail-safe TxDefaultProfiles the service installs.',
      ),
      commandTimeoutMs: reader.int(
        'ENERGY_SERVICE_COMMAND_TIMEOUT_MS',
        15_000,
        { min: 1000, max: 120_000 },
        'A charging-profile command waits this long for the station’s answer (ms).',
      ),
      historyDays: reader.int(
        'ENERGY_SERVICE_HISTORY_DAYS',
        30,
        { min: 1, max: 3650 },
        'Allocation history older than this is deleted (days).',
      ),
    },
  };
  reader.done();
  return config;
}
