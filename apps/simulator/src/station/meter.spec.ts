import {
  advance,
  ampsToWatts,
  chargePowerW,
  idle,
  phaseCurrents,
  powerCapW,
  registerWh,
  vehiclePowerW,
  type MeterState,
  type VehicleProfile,
} from './meter';

const aVehicle = (overrides: Partial<VehicleProfile> = {}): VehicleProfile => ({
  batteryWh: 60_000,
  maxPowerW: 22_080,
  phases: 3,
  maxCurrentA: 32,
  taperFromSoc: 80,
  minTaperFraction: 0.1,
  ...overrides,
});

const aMeter = (overrides: Partial<MeterState> = {}): MeterState => ({
  energyWh: 1_000,
  soc: 20,
  powerW: 0,
  currentA: [0, 0, 0],
  ...overrides,
});

describe('meter model', () => {
  it.each([
    [0, 22_080],
    [50, 22_080],
    [79.9, 22_080],
    [90, 11_040],
    [99, 2_208],
    [100, 0],
  ])('draws the constant-current power then tapers: SoC %d%% -> %d W', (soc, watts) => {
    expect(vehiclePowerW(aVehicle(), soc)).toBeCloseTo(watts, 0);
  });

  it('never tapers below the minimum fraction before the battery is full', () => {
    expect(vehiclePowerW(aVehicle(), 99.99)).toBeCloseTo(2_208, 0);
  });

  it('keeps the energy register monotonic over a whole session, and SoC at most 100', () => {
    let meter = aMeter({ soc: 10 });
    const vehicle = aVehicle({ batteryWh: 20_000 });
    let previous = registerWh(meter);
    for (let minute = 0; minute < 180; minute++) {
      meter = advance(meter, vehicle, 60, {});
      expect(registerWh(meter)).toBeGreaterThanOrEqual(previous);
      expect(meter.soc).toBeLessThanOrEqual(100);
      previous = registerWh(meter);
    }
    expect(meter.soc).toBe(100);
    expect(meter.powerW).toBe(0);
    // 90 % of 20 kWh went in.
    expect(meter.energyWh - 1_000).toBeCloseTo(18_000, -1);
  });

  it('integrates energy as power × time in Wh', () => {
    const meter = advance(aMeter(), aVehicle(), 3600, { powerW: 11_000 });
    expect(meter.energyWh - 1_000).toBeCloseTo(11_000, 0);
    expect(meter.powerW).toBe(11_000);
  });

  it('respects the active limit, including a limit of zero', () => {
    expect(chargePowerW(aVehicle(), 20, { powerW: 7_400 })).toBe(7_400);
    expect(chargePowerW(aVehicle(), 95, { powerW: 7_400 })).toBeCloseTo(5_520, 0);
    expect(chargePowerW(aVehicle(), 95, { powerW: 4_000 })).toBe(4_000);
    const stopped = advance(aMeter(), aVehicle(), 600, { currentA: 0 });
    expect(stopped.energyWh).toBe(1_000);
    expect(stopped.powerW).toBe(0);
  });

  it('does not modify the state it is given', () => {
    const meter = aMeter();
    advance(meter, aVehicle(), 600, {});
    expect(meter).toEqual(aMeter());
  });

  it('converts amperes to watts over the given phases', () => {
    expect(ampsToWatts(16, 3)).toBe(11_040);
    expect(ampsToWatts(16, 1)).toBe(3_680);
  });

  describe('phases', () => {
    const onePhase = aVehicle({ phases: 1, maxPowerW: 7_360 });

    it('lets a 1-phase vehicle draw the whole per-phase current limit on L1, not a third of it', () => {
      expect(powerCapW(onePhase, { currentA: 16 })).toBe(3_680);
      const meter = advance(aMeter(), onePhase, 60, { currentA: 16 });
      expect(meter.powerW).toBe(3_680);
      expect(meter.currentA).toEqual([16, 0, 0]);
    });

    it('lets a 3-phase vehicle draw the limit on each of its phases', () => {
      const meter = advance(aMeter(), aVehicle(), 60, { currentA: 16 });
      expect(meter.powerW).toBe(11_040);
      expect(meter.currentA).toEqual([16, 16, 16]);
    });

    it('caps the current at the vehicle maximum', () => {
      expect(powerCapW(onePhase, { currentA: 63 })).toBe(7_360);
      expect(advance(aMeter(), onePhase, 60, {}).currentA).toEqual([32, 0, 0]);
      expect(advance(aMeter(), aVehicle(), 60, { currentA: 40 }).currentA).toEqual([32, 32, 32]);
    });

    it('restricts a 3-phase vehicle to numberPhases; numberPhases 3 leaves a 1-phase vehicle on one', () => {
      const restricted = advance(aMeter(), aVehicle(), 60, { currentA: 16, numberPhases: 1 });
      expect(restricted.powerW).toBe(3_680);
      expect(restricted.currentA).toEqual([16, 0, 0]);
      expect(powerCapW(aVehicle(), { currentA: 63, numberPhases: 1 })).toBe(7_360);
      expect(powerCapW(onePhase, { currentA: 16, numberPhases: 3 })).toBe(3_680);
    });

    it('spreads a power limit over the phases in use', () => {
      const three = advance(aMeter(), aVehicle(), 60, { powerW: 6_900 });
      expect(three.currentA.map((a) => Number(a.toFixed(6)))).toEqual([10, 10, 10]);
      const one = advance(aMeter(), onePhase, 60, { powerW: 2_300 });
      expect(one.currentA.map((a) => Number(a.toFixed(6)))).toEqual([10, 0, 0]);
      // The smaller of the current and the power limit wins.
      expect(powerCapW(aVehicle(), { currentA: 16, powerW: 9_000 })).toBe(9_000);
      expect(powerCapW(onePhase, { currentA: 16, powerW: 9_000 })).toBe(3_680);
    });

    it('draws nothing under a zero limit and at rest', () => {
      expect(advance(aMeter(), onePhase, 60, { currentA: 0 }).currentA).toEqual([0, 0, 0]);
      expect(idle(advance(aMeter(), aVehicle(), 60, {})).currentA).toEqual([0, 0, 0]);
      expect(phaseCurrents(0, 3)).toEqual([0, 0, 0]);
    });
  });
});
