import { ocppValidator, type OcppVersion } from '@voltlane/ocpp';
import { Scheduler } from '../src/scheduling/scheduler';
import { Station } from '../src/station/station';
import { stationOptions, type StationOptions } from '../src/station/station-options';
import { FleetStats } from '../src/stats/fleet-stats';

/** A station wired to its own scheduler and counters, for specs. */
export function aStation(
  baseUrl: string,
  protocol: OcppVersion,
  overrides: Partial<StationOptions> = {},
): { station: Station; stats: FleetStats; scheduler: Scheduler } {
  const scheduler = new Scheduler();
  const stats = new FleetStats();
  const id = overrides.id ?? `sim-${protocol.replace(/\W/g, '')}-${Math.random().toString(36).slice(2, 8)}`;
  const station = new Station(
    stationOptions({
      id,
      baseUrl,
      protocol,
      sampleIntervalS: 1,
      sessionSeconds: 2,
      reconnectMinMs: 50,
      reconnectMaxMs: 200,
      callTimeoutMs: 2_000,
      ...overrides,
    }),
    { scheduler, stats, validator: ocppValidator },
  );
  return { station, stats, scheduler };
}

/** The numeric Energy.Active.Import.Register values in a MeterValues / TransactionEvent / StopTransaction payload. */
export function energyValues(payload: Record<string, unknown>): number[] {
  const out: number[] = [];
  const meterValues = (payload.meterValue ?? payload.transactionData ?? []) as { sampledValue: { measurand?: string; value: unknown }[] }[];
  for (const mv of meterValues) {
    for (const sv of mv.sampledValue)
      if ((sv.measurand ?? 'Energy.Active.Import.Register') === 'Energy.Active.Import.Register') out.push(Number(sv.value));
  }
  return out;
}
