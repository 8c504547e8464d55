import type { OperatorApiClient, OperatorApiSchemas } from '@voltlane/operator-api-client';
import { unwrap } from '../../api/api-error';

export type MeterSample = OperatorApiSchemas['ListSessionMeterSamplesResponse']['items'][number];

export const ENERGY_REGISTER = 'Energy.Active.Import.Register';
const PAGE_SIZE = 500;
/** The chart reads at most this many samples of a session. */
export const SAMPLE_CAP = 5_000;

/** One point of the energy curve: when, the register reading, and the energy delivered since the first reading. */
export interface EnergyPoint {
  at: number;
  timestamp: string;
  registerWh: number;
  deliveredWh: number;
}

/**
 * The session's energy over time from its Energy.Active.Import.Register samples: the all-phase
 * total in Wh, valid readings only, one per timestamp (the Outlet reading when there are several),
 * oldest first; delivered = reading − first reading.
 */
export function energyPoints(samples: readonly MeterSample[]): EnergyPoint[] {
  const byTime = new Map<number, MeterSample>();
  for (const sample of samples) {
    if (sample.measurand !== ENERGY_REGISTER || sample.phase || sample.invalid || sample.unit !== 'Wh') continue;
    if (sample.value === null || sample.value === undefined || !sample.timestamp) continue;
    const at = Date.parse(sample.timestamp);
    if (!Number.isFinite(at) || !Number.isFinite(Number(sample.value))) continue;
    const known = byTime.get(at);
    if (!known || (known.location !== 'Outlet' && sample.location === 'Outlet')) byTime.set(at, sample);
  }
  const sorted = [...byTime.entries()].sort(([a], [b]) => a - b);
  const first = sorted.length > 0 ? Number(sorted[0][1].value) : 0;
  return sorted.map(([at, sample]) => ({
    at,
    timestamp: sample.timestamp ?? '',
    registerWh: Number(sample.value),
    deliveredWh: Number(sample.value) - first,
  }));
}

/** The energy register samples of a session, every page (oldest first), up to SAMPLE_CAP. */
export async function readEnergySamples(
  api: OperatorApiClient,
  sessionId: string,
): Promise<{ samples: MeterSample[]; total: number; capped: boolean }> {
  const samples: MeterSample[] = [];
  let total = 0;
  while (samples.length < SAMPLE_CAP) {
    const limit = Math.min(PAGE_SIZE, SAMPLE_CAP - samples.length);
    const page = unwrap(
      await api.GET('/api/v1/sessions/{sessionId}/meter-samples', {
        params: { path: { sessionId }, query: { measurand: ENERGY_REGISTER, limit, offset: samples.length } },
      }),
    );
    total = page.total;
    samples.push(...page.items);
    if (page.items.length < limit || samples.length >= total) break;
  }
  return { samples, total, capped: total > samples.length };
}
