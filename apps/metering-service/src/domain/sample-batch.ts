import { createHash } from 'node:crypto';
import type { OcppVersion } from '@voltlane/ocpp';
import type { MeteringSamplesEvent, MeteringSample } from '@voltlane/contracts';
import type { NormalizedSample } from '@voltlane/metering-domain';

export type MeterSource = MeteringSamplesEvent['source']['action'];

/** Where a batch of samples belongs: one station frame's meter data. */
export interface SampleBatchOrigin {
  stationId: string;
  protocol: OcppVersion;
  action: MeterSource;
  messageId: string;
  /** 1.6: transactionId as text (null for none, 0 or -1); 2.x: the station's transactionId. */
  transactionRef: string | null;
  /** 1.6 connectorId / 2.x evse.id; null when unknown. */
  evseId: number | null;
  connectorId: number | null;
}

/** A normalized sample ready to store, with its key-derived id. */
export interface SampleRecord extends MeteringSample {
  origin: SampleBatchOrigin;
}

/**
 * Turns normalized samples into records keyed by their natural key. A sample whose timestamp
 * cannot be placed is dropped (it has no key); a value too large for the column arrives flagged
 * `invalid: 'out-of-range'` by normalizeMeterValues, with its raw text only.
 */
export function sampleRecords(origin: SampleBatchOrigin, samples: readonly NormalizedSample[]): SampleRecord[] {
  const records = new Map<string, SampleRecord>();
  for (const s of samples) {
    if (s.invalid === 'invalid-timestamp') continue;
    const sampleId = sampleIdOf(origin, s);
    if (records.has(sampleId)) continue;
    records.set(sampleId, {
      origin,
      sampleId,
      timestamp: s.timestamp,
      measurand: s.measurand,
      ...(s.phase !== undefined ? { phase: s.phase } : {}),
      location: s.location,
      context: s.context,
      unit: s.unit,
      value: s.value,
      rawValue: s.rawValue,
      ...(s.signed ? { signed: s.signed } : {}),
      ...(s.invalid ? { invalid: s.invalid } : {}),
    });
  }
  return [...records.values()];
}

/** UUID (v8 layout) from SHA-256 of the natural key: the same sample always gets the same id. */
export function sampleIdOf(origin: SampleBatchOrigin, s: NormalizedSample): string {
  const key = JSON.stringify([
    origin.stationId,
    origin.transactionRef,
    origin.evseId,
    s.timestamp,
    s.measurand,
    s.phase ?? null,
    s.location,
    s.context,
  ]);
  const hex = createHash('sha256').update(key).digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
