import { parseSimulatorArgs } from '../cli/args';
import { connectorPhasesFor, stationOptionsFor } from '../fleet/station-factory';
import { checkVehicleOptions, choosePhases, vehicleProfile } from './vehicles';

const station = { maxPowerW: 22_000, batteryWh: 60_000 };

/** A repeatable random sequence (a linear congruential generator). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('vehicles', () => {
  it('keeps the default 3-phase vehicle exactly at the station maximum, without drawing a random number', () => {
    const random = jest.fn(() => 0);
    expect(choosePhases(station, 1, random)).toBe(3);
    expect(random).not.toHaveBeenCalled();
    const vehicle = vehicleProfile(station, { phases: 3 });
    expect(vehicle).toMatchObject({ phases: 3, maxPowerW: 22_000, batteryWh: 60_000 });
    expect(vehicle.maxCurrentA).toBeCloseTo(31.88, 2);
  });

  it('gives a 1-phase vehicle the same current per phase on one phase: maxPowerW = maxCurrentA × 230 × phases', () => {
    const one = vehicleProfile(station, { phases: 1 });
    expect(one.maxCurrentA).toBeCloseTo(31.88, 2);
    expect(one.maxPowerW).toBeCloseTo(one.maxCurrentA * 230, 6);
    const given = vehicleProfile({ ...station, maxCurrentA: 16 }, { phases: 1 });
    expect(given).toMatchObject({ maxCurrentA: 16, maxPowerW: 3_680 });
    expect(vehicleProfile(station, { phases: 3, maxCurrentA: 32, batteryWh: 40_000 })).toMatchObject({
      maxCurrentA: 32,
      maxPowerW: 22_080,
      batteryWh: 40_000,
    });
  });

  it('mixes 1- and 3-phase vehicles by onePhaseShare', () => {
    const random = seeded(7);
    const draws = Array.from({ length: 2_000 }, () => choosePhases({ ...station, onePhaseShare: 0.3 }, 1, random));
    const ones = draws.filter((p) => p === 1).length / draws.length;
    expect(ones).toBeGreaterThan(0.25);
    expect(ones).toBeLessThan(0.35);
    expect(draws.every((p) => p === 1 || p === 3)).toBe(true);
    expect(choosePhases({ ...station, onePhaseShare: 1 }, 1, random)).toBe(1);
  });

  it('lets connectorPhases fix each connector, over onePhaseShare', () => {
    const options = { ...station, onePhaseShare: 1, connectorPhases: [3, 1] as const };
    expect(choosePhases(options, 1, Math.random)).toBe(3);
    expect(choosePhases(options, 2, Math.random)).toBe(1);
    // A connector the list does not name falls back to the share.
    expect(choosePhases(options, 3, Math.random)).toBe(1);
  });

  it('refuses bad vehicle options, naming the option', () => {
    expect(() => checkVehicleOptions({ ...station, onePhaseShare: 1.5 })).toThrow(/onePhaseShare/);
    expect(() => checkVehicleOptions({ ...station, connectorPhases: [1, 2 as 3] })).toThrow(/connectorPhases/);
    expect(() => checkVehicleOptions({ ...station, maxCurrentA: 0 })).toThrow(/maxCurrentA/);
    expect(() => checkVehicleOptions({ ...station, onePhaseShare: 0.5, connectorPhases: [1, 3], maxCurrentA: 16 })).not.toThrow();
  });
});

describe('the fleet mix from the command line', () => {
  it('hands --vehicle-phases to the fleet connectors in order, repeating the list', () => {
    expect(connectorPhasesFor([1, 3, 3], 2, 0)).toEqual([1, 3]);
    expect(connectorPhasesFor([1, 3, 3], 2, 1)).toEqual([3, 1]);
    expect(connectorPhasesFor([1], 1, 5)).toEqual([1]);
  });

  it('passes the vehicle and measurand flags on to each station', () => {
    const options = parseSimulatorArgs([
      '--stations',
      '3',
      '--connectors',
      '1',
      '--vehicle-phases',
      '1,3',
      '--one-phase-share',
      '0.2',
      '--max-current-a',
      '16',
      '--sampled-measurands',
      'Energy.Active.Import.Register,Current.Import',
      '--sample-interval',
      '5',
    ]);
    const stations = [0, 1, 2].map((i) => stationOptionsFor(options, i, undefined));
    expect(stations.map((s) => s.connectorPhases)).toEqual([[1], [3], [1]]);
    expect(stations[0]).toMatchObject({
      onePhaseShare: 0.2,
      maxCurrentA: 16,
      sampledMeasurands: ['Energy.Active.Import.Register', 'Current.Import'],
      sampleIntervalS: 5,
    });
    const plain = stationOptionsFor(parseSimulatorArgs([]), 0, undefined);
    expect(plain.onePhaseShare).toBe(0);
    expect(plain.connectorPhases).toBeUndefined();
    expect(plain.maxCurrentA).toBeUndefined();
    expect(plain.sampledMeasurands).toBeUndefined();
  });
});
