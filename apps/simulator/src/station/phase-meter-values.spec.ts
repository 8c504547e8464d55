import { FakeCsms, type Frame } from '../../test/fake-csms';
import { aStation } from '../../test/station-harness';
import type { Scheduler } from '../scheduling/scheduler';
import type { Ocpp16Behaviour } from './ocpp16-behaviour';
import type { Ocpp2Behaviour } from './ocpp201-behaviour';
import type { Station } from './station';

type Json = Record<string, unknown>;
type Sampled = { measurand?: string; phase?: string; value: unknown; unit?: string; location?: string; unitOfMeasure?: { unit?: string } };

const payloadOf = (f: Frame) => f[3] as Json;
const resultOf = (f: Frame) => {
  expect(f[0]).toBe(3);
  return f[2] as Json;
};

/** One periodic sample: the connector / EVSE it is from and its per-phase Current.Import. */
interface PhaseSample {
  connectorId: number;
  currents: Sampled[];
  amps: [number, number, number];
}

/**
 * Two connectors: a 1-phase vehicle on 1 and a 3-phase one on 2 (connectorPhases), samples every
 * second with Current.Import (sampledMeasurands), without any ChangeConfiguration / SetVariables.
 */
describe.each(['ocpp1.6', 'ocpp2.0.1'] as const)('%s: per-phase Current.Import of 1- and 3-phase vehicles', (protocol) => {
  const v16 = protocol === 'ocpp1.6';
  let csms: FakeCsms;
  let station: Station;
  let scheduler: Scheduler;
  let id: string;

  beforeAll(async () => {
    csms = await FakeCsms.start();
    ({ station, scheduler } = aStation(csms.url, protocol, {
      connectors: 2,
      connectorPhases: [1, 3],
      maxPowerW: 22_080,
      sessionSeconds: 600,
      sampleIntervalS: 1,
      sampledMeasurands: ['Energy.Active.Import.Register', 'Power.Active.Import', 'Current.Import'],
    }));
    id = station.id;
    station.start();
    await csms.waitFor(() => csms.fromStations(id, 'StatusNotification').length >= 2, 5_000, 'boot statuses');
  });

  afterAll(async () => {
    await station.stop();
    scheduler.stop();
    await csms.close();
  });

  /** The periodic samples so far, oldest first. */
  function samples(): PhaseSample[] {
    const evseOf = new Map<string, number>();
    const out: PhaseSample[] = [];
    for (const frame of csms.fromStations(id)) {
      if (frame[0] !== 2) continue;
      const p = payloadOf(frame);
      let connectorId: number | undefined;
      if (v16 && frame[2] === 'MeterValues') connectorId = p.connectorId as number;
      if (!v16 && frame[2] === 'TransactionEvent') {
        const txId = (p.transactionInfo as { transactionId: string }).transactionId;
        if (p.eventType === 'Started') evseOf.set(txId, (p.evse as { id: number }).id);
        if (p.triggerReason === 'MeterValuePeriodic') connectorId = evseOf.get(txId);
      }
      if (connectorId === undefined) continue;
      const sampled = (p.meterValue as { sampledValue: Sampled[] }[])[0].sampledValue;
      if (v16 && sampled[0].measurand !== 'Energy.Active.Import.Register') continue;
      const currents = sampled.filter((s) => s.measurand === 'Current.Import');
      const amps = ['L1', 'L2', 'L3'].map((phase) => Number(currents.find((c) => c.phase === phase)?.value)) as [number, number, number];
      out.push({ connectorId, currents, amps });
    }
    return out;
  }

  /** The per-phase currents of the first sample from `connectorId` taken after the first `after` samples. */
  async function nextAmps(connectorId: number, after = samples().length): Promise<[number, number, number]> {
    let found: PhaseSample | undefined;
    await csms.waitFor(
      () =>
        (found = samples()
          .slice(after)
          .find((s) => s.connectorId === connectorId)) !== undefined,
      5_000,
      `a sample from connector ${connectorId}`,
    );
    return (found as PhaseSample).amps;
  }

  const setProfile = async (connectorId: number, purpose: 'TxDefaultProfile' | 'TxProfile', unit: 'A' | 'W', period: Json) => {
    const schedule = { chargingRateUnit: unit, chargingSchedulePeriod: [{ startPeriod: 0, ...period }] };
    const profileId = 500 + connectorId + (purpose === 'TxProfile' ? 10 : 0);
    const request = v16
      ? {
          connectorId,
          csChargingProfiles: {
            chargingProfileId: profileId,
            stackLevel: 1,
            chargingProfilePurpose: purpose,
            chargingProfileKind: 'Relative',
            chargingSchedule: schedule,
          },
        }
      : {
          evseId: connectorId,
          chargingProfile: {
            id: profileId,
            stackLevel: 1,
            chargingProfilePurpose: purpose,
            chargingProfileKind: 'Relative',
            chargingSchedule: [{ id: 1, ...schedule }],
          },
        };
    return resultOf(await csms.call(id, 'SetChargingProfile', request));
  };

  const composite = async (connectorId: number, unit: 'A' | 'W') => {
    const answer = resultOf(
      await csms.call(id, 'GetCompositeSchedule', { [v16 ? 'connectorId' : 'evseId']: connectorId, duration: 300, chargingRateUnit: unit }),
    );
    expect(answer.status).toBe('Accepted');
    return ((v16 ? answer.chargingSchedule : answer.schedule) as { chargingSchedulePeriod: Json[] }).chargingSchedulePeriod;
  };

  it('sends Current.Import per phase (L1, L2, L3, A, Outlet): 16 A on L1 only for the 1-phase vehicle, on all three for the other', async () => {
    expect(await setProfile(0, 'TxDefaultProfile', 'A', { limit: 16 })).toEqual({ status: 'Accepted' });
    expect(station.behaviour.startSession({ connectorId: 1, preAuthorized: true })).toBe(true);
    expect(station.behaviour.startSession({ connectorId: 2, preAuthorized: true })).toBe(true);
    expect(await nextAmps(1)).toEqual([16, 0, 0]);
    expect(await nextAmps(2)).toEqual([16, 16, 16]);
    const { currents } = samples().find((s) => s.connectorId === 1) as PhaseSample;
    expect(currents.map((c) => [c.phase, c.location, v16 ? c.unit : c.unitOfMeasure?.unit])).toEqual([
      ['L1', 'Outlet', 'A'],
      ['L2', 'Outlet', 'A'],
      ['L3', 'Outlet', 'A'],
    ]);
  });

  it('follows a new TxProfile from the next sample on, numberPhases 1 included', async () => {
    const phaseToUse = v16 ? {} : { phaseToUse: 1 };
    const before = samples().length;
    expect(await setProfile(2, 'TxProfile', 'A', { limit: 10, numberPhases: 1, ...phaseToUse })).toEqual({ status: 'Accepted' });
    expect(await nextAmps(2, before)).toEqual([10, 0, 0]);
    const beforeW = samples().length;
    expect(await setProfile(1, 'TxProfile', 'W', { limit: 2_300 })).toEqual({ status: 'Accepted' });
    expect(await nextAmps(1, beforeW)).toEqual([10, 0, 0]);
  });

  it('reports the composite schedule in A per phase and in W', async () => {
    expect(await composite(2, 'A')).toEqual([{ startPeriod: 0, limit: 10, numberPhases: 1 }]);
    expect(await composite(2, 'W')).toEqual([{ startPeriod: 0, limit: 2_300, numberPhases: 1 }]);
    // A limit in W without numberPhases counts over three phases in A, whatever vehicle is plugged in.
    expect(await composite(1, 'A')).toEqual([{ startPeriod: 0, limit: 3.3 }]);
    expect(await composite(1, 'W')).toEqual([{ startPeriod: 0, limit: 2_300 }]);
  });

  it('goes back to the default limit once the TxProfile is cleared', async () => {
    const before = samples().length;
    const clear = v16 ? { id: 512 } : { chargingProfileId: 512 };
    expect(resultOf(await csms.call(id, 'ClearChargingProfile', clear))).toEqual({ status: 'Accepted' });
    expect(await nextAmps(2, before)).toEqual([16, 16, 16]);
  });

  it('sent only schema-valid payloads', () => {
    expect(csms.schemaProblems).toEqual([]);
  });
});

describe('sampledMeasurands', () => {
  it('sets the periodic measurands at construction and refuses one the station does not support', () => {
    const csmsUrl = 'ws://127.0.0.1:9/ocpp';
    const v16 = aStation(csmsUrl, 'ocpp1.6', { sampledMeasurands: ['Current.Import', 'Power.Active.Import'] });
    const v2 = aStation(csmsUrl, 'ocpp2.0.1', { sampledMeasurands: ['Current.Import'] });
    try {
      expect((v16.station.behaviour as Ocpp16Behaviour).config.value('MeterValuesSampledData')).toBe('Current.Import,Power.Active.Import');
      const { variables } = v2.station.behaviour as Ocpp2Behaviour;
      expect(variables.value('SampledDataCtrlr.TxUpdatedMeasurands')).toBe('Current.Import');
      expect(variables.value('SampledDataCtrlr.TxStartedMeasurands')).toBe('Energy.Active.Import.Register,SoC');
    } finally {
      v16.scheduler.stop();
      v2.scheduler.stop();
    }
    expect(() => aStation(csmsUrl, 'ocpp1.6', { sampledMeasurands: ['Current.Export'] })).toThrow(/sampledMeasurands: 'Current.Export'/);
    expect(() => aStation(csmsUrl, 'ocpp2.0.1', { connectorPhases: [2 as 1] })).toThrow(/connectorPhases/);
  });
});
