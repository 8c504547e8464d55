import { parseMeteringSamplesEvent } from '@voltlane/contracts';
import type { BusMessage } from '@voltlane/messaging';

/** Per phase: L1, L2, L3. */
export type Phases3 = [number, number, number];

/** One clock-aligned MeterValues reading of a session's per-phase current, on the station's own phases. */
export interface PhaseReading {
  at: number;
  stationId: string;
  transactionRef: string;
  stationPhasesA: Phases3;
}

const PHASE_INDEX: Record<string, number> = { L1: 0, L2: 1, L3: 2, 'L1-N': 0, 'L2-N': 1, 'L3-N': 2 };

/**
 * The per-phase `Current.Import` readings of running transactions in `metering.samples.v1` records,
 * clock-aligned ones only (`Sample.Clock`: every station reads at the same instants, so the
 * readings of one instant add up to what the site drew then), one per transaction and instant. A
 * station stamps a reading a few milliseconds after the instant it was due: `at` is the instant
 * (the timestamp rounded to the nearest multiple of `intervalMs`).
 */
export function alignedPhaseReadings(records: readonly BusMessage[], intervalMs: number): PhaseReading[] {
  const byKey = new Map<string, PhaseReading>();
  for (const record of records) {
    const event = parseMeteringSamplesEvent(JSON.parse(record.value));
    if (event.transactionRef === null) continue;
    for (const sample of event.samples) {
      const phase = sample.phase === undefined ? undefined : PHASE_INDEX[sample.phase];
      if (sample.measurand !== 'Current.Import' || sample.context !== 'Sample.Clock' || phase === undefined || sample.value === null)
        continue;
      const at = Math.round(Date.parse(sample.timestamp) / intervalMs) * intervalMs;
      const key = `${event.stationId}|${event.transactionRef}|${at}`;
      const reading = byKey.get(key) ?? { at, stationId: event.stationId, transactionRef: event.transactionRef, stationPhasesA: [0, 0, 0] };
      reading.stationPhasesA[phase] = Number(sample.value);
      byKey.set(key, reading);
    }
  }
  return [...byKey.values()];
}

/** Grid phase of each of a station's phases for an OCPP phase rotation (R = L1, S = L2, T = L3; none = RST). */
export function rotationMap(rotation: string | undefined): Phases3 {
  return (rotation ?? 'RST').split('').map((letter) => 'RST'.indexOf(letter)) as Phases3;
}

export interface SiteCurrent {
  at: number;
  /** Sessions read at this instant. */
  sessions: number;
  gridA: Phases3;
}

/**
 * What the stations in `rotations` drew per grid phase at each aligned instant: the sum of that
 * instant's readings, each moved onto the grid's phases by its station's rotation. In time order.
 */
export function siteCurrents(readings: readonly PhaseReading[], rotations: Map<string, string | undefined>): SiteCurrent[] {
  const byInstant = new Map<number, SiteCurrent>();
  for (const reading of readings) {
    if (!rotations.has(reading.stationId)) continue;
    const point = byInstant.get(reading.at) ?? { at: reading.at, sessions: 0, gridA: [0, 0, 0] };
    const map = rotationMap(rotations.get(reading.stationId));
    for (let phase = 0; phase < 3; phase++) point.gridA[map[phase]] += reading.stationPhasesA[phase];
    point.sessions++;
    byInstant.set(reading.at, point);
  }
  return [...byInstant.values()].sort((a, b) => a.at - b.at);
}
