// Builders of the energy-service runtime's medium specs: lifecycle and metering records as the
// session- and metering-service publish them, stations that answer profiles, a site set up
// through the service's own operations.
import { randomUUID } from 'node:crypto';
import {
  meteringSamplesContract,
  sessionLifecycleEventContract,
  type MeteringSamplesEvent,
  type SessionLifecycleEvent,
} from '@voltlane/contracts';
import type { OcppVersion } from '@voltlane/ocpp';
import { ServiceHarness, type CommandAnswer, type FakeStation } from '@voltlane/testing/medium';
import { startEnergyService, type EnergyServiceHandle, type EnergyStartOptions } from '../src';

export type EnergyHarness = ServiceHarness<EnergyServiceHandle, EnergyStartOptions>;

/** Triggers are due at once; the planner runs only when a test asks (`plan`). */
export const MANUAL_PLANNER = {
  ENERGY_SERVICE_REPLAN_DEBOUNCE_MS: '0',
  ENERGY_SERVICE_PLAN_POLL_MS: '60000',
  ENERGY_SERVICE_PLAN_INTERVAL_S: '3600',
  ENERGY_SERVICE_COMMAND_TIMEOUT_MS: '1000',
};

export function startHarness(): Promise<EnergyHarness> {
  return ServiceHarness.start<EnergyServiceHandle, EnergyStartOptions>({
    start: startEnergyService,
    service: 'energy-service',
    env: MANUAL_PLANNER,
  });
}

/** Handles every record published so far, runs one planner pass, and waits for the stations' answers. */
export async function plan(harness: EnergyHarness): Promise<void> {
  await harness.settle();
  await harness.service.runtime.idle();
  await harness.service.runtime.planner.tick();
  await harness.service.runtime.idle();
}

/** A session of a station's EVSE (1.6: its connector) and its lifecycle records. */
export class TestSession {
  readonly sessionId = randomUUID();
  readonly transactionRef: string;

  constructor(
    readonly stationId: string,
    readonly protocol: OcppVersion,
    readonly evseId: number,
    readonly idTokenKey?: string,
  ) {
    this.transactionRef = protocol === 'ocpp1.6' ? String(1000 + Math.floor(Math.random() * 100_000)) : randomUUID();
  }

  event(type: SessionLifecycleEvent['type']): SessionLifecycleEvent {
    const at = new Date().toISOString();
    return sessionLifecycleEventContract.outgoing({
      type,
      eventId: `${this.sessionId}:${type}`,
      sessionId: this.sessionId,
      stationId: this.stationId,
      protocol: this.protocol,
      transactionRef: this.transactionRef,
      ...(this.idTokenKey ? { idTokenKey: this.idTokenKey } : {}),
      ...(this.protocol === 'ocpp1.6' ? { connectorId: this.evseId } : { evseId: this.evseId }),
      startedAt: at,
      ...(type === 'Ended' ? { endedAt: at, meterStopWh: 1000 } : {}),
      meterStartWh: 0,
      energyWh: 0,
      chargingSeconds: 0,
      idleSeconds: 0,
      anomalies: [],
      occurredAt: at,
    });
  }

  /** Per-phase Current.Import of the transaction (undefined phases are not sampled). */
  currents(currents: (number | undefined)[], at = new Date()): MeteringSamplesEvent {
    return meteringSamplesContract.outgoing({
      stationId: this.stationId,
      protocol: this.protocol,
      source: { action: 'MeterValues', messageId: randomUUID() },
      transactionRef: this.transactionRef,
      evseId: this.evseId,
      connectorId: null,
      recordedAt: at.toISOString(),
      samples: currents.flatMap((value, i) =>
        value === undefined
          ? []
          : [
              {
                sampleId: randomUUID(),
                timestamp: at.toISOString(),
                measurand: 'Current.Import',
                phase: `L${i + 1}`,
                location: 'Outlet',
                context: 'Sample.Periodic',
                unit: 'A',
                value: String(value),
                rawValue: String(value),
              },
            ],
      ),
    });
  }
}

export async function start(harness: EnergyHarness, session: TestSession): Promise<void> {
  await harness.publish('SessionLifecycle', session.stationId, session.event('Started'));
}

/** The one charging schedule of a profile the service sends. */
export interface SentSchedule {
  id?: number;
  startSchedule?: string;
  duration?: number;
  chargingRateUnit: 'A' | 'W';
  chargingSchedulePeriod: { startPeriod: number; limit: number; numberPhases?: number }[];
}

interface SentProfile {
  chargingProfilePurpose: string;
  chargingProfileKind: string;
  transactionId?: string | number;
  chargingSchedule: SentSchedule | SentSchedule[];
}

/** [purpose, EVSE (1.6: connector), limit, transactionId] and the schedule of a SetChargingProfile payload (1.6 or 2.x). */
function profileOf(payload: Record<string, unknown>): {
  row: [string, number, number, string | number | undefined];
  schedule: SentSchedule;
} {
  const body = (payload.chargingProfile ?? payload.csChargingProfiles) as SentProfile;
  const schedule = Array.isArray(body.chargingSchedule) ? body.chargingSchedule[0] : body.chargingSchedule;
  const evse = (payload.evseId ?? payload.connectorId) as number;
  return { row: [body.chargingProfilePurpose, evse, schedule.chargingSchedulePeriod[0]?.limit ?? NaN, body.transactionId], schedule };
}

/** What a station was sent, in order (with the time it came), and how it answers SetChargingProfile. */
export class ProfileStation {
  readonly log: { action: string; payload: Record<string, unknown>; at: number }[] = [];
  profileAnswer: CommandAnswer = { status: 'Accepted' };
  /** The answer to TxProfiles only, when set (a station that rejects a TxProfile for a transaction it has ended). */
  txProfileAnswer: CommandAnswer | undefined;
  /** GetCompositeSchedule: the limit the station reports for every EVSE (undefined: the last profile's). */
  compositeA: number | undefined;
  station!: FakeStation;

  static async connect(harness: EnergyHarness, stationId: string, protocol: OcppVersion): Promise<ProfileStation> {
    const recorder = new ProfileStation();
    recorder.station = await harness.connect(stationId, protocol, {
      bootStatus: 'Accepted',
      answer: (action, payload) => recorder.respond(action, payload),
    });
    return recorder;
  }

  /** The SetChargingProfile payloads, as [purpose, evse/connector, limit, transactionId]. */
  profiles(): [string, number, number, string | number | undefined][] {
    return this.log.filter((c) => c.action === 'SetChargingProfile').map(({ payload }) => profileOf(payload).row);
  }

  /** The schedules of the SetChargingProfile payloads. */
  schedules(): SentSchedule[] {
    return this.log.filter((c) => c.action === 'SetChargingProfile').map(({ payload }) => profileOf(payload).schedule);
  }

  clear(): void {
    this.log.length = 0;
  }

  /** A slow station: SetChargingProfile requests are logged as they come, answered once `release` is called. */
  hold(): () => void {
    let release!: () => void;
    this.held = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.held = undefined;
      release();
    };
  }

  private held: Promise<void> | undefined;

  private respond(action: string, payload: Record<string, unknown>): CommandAnswer | Promise<CommandAnswer> {
    const answer = this.answer(action, payload);
    return this.held && action === 'SetChargingProfile' ? this.held.then(() => answer) : answer;
  }

  private answer(action: string, payload: Record<string, unknown>): CommandAnswer {
    this.log.push({ action, payload, at: Date.now() });
    if (action === 'SetChargingProfile')
      return (profileOf(payload).row[0] === 'TxProfile' ? this.txProfileAnswer : undefined) ?? this.profileAnswer;
    if (action === 'GetCompositeSchedule') {
      const last = this.profiles().at(-1);
      const limit = this.compositeA ?? last?.[2] ?? 0;
      const period = [{ startPeriod: 0, limit }];
      return this.station.protocol === 'ocpp1.6'
        ? {
            status: 'Accepted',
            connectorId: payload.connectorId,
            scheduleStart: new Date().toISOString(),
            chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: period },
          }
        : {
            status: 'Accepted',
            schedule: {
              evseId: payload.evseId,
              duration: 300,
              scheduleStart: new Date().toISOString(),
              chargingRateUnit: 'A',
              chargingSchedulePeriod: period,
            },
          };
    }
    return { callError: 'NotImplemented', description: `${action} not scripted` };
  }
}
