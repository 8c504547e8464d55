import { advance, ampsToWatts, chargePowerW, registerWh, vehiclePowerW, type MeterState, type VehicleProfile } from './meter';

const aVehicle = (overrides: Partial<VehicleProfile> = {}): VehicleProfile => ({
  batteryWh: 60_000,
  maxPowerW: 22_000,
  taperFromSoc: 80,
  minTaperFraction: 0.1,
  ...overrides,
});

const aMeter = (overrides: Partial<MeterState> = {}): MeterState => ({ energyWh: 1_000, soc: 20, powerW: 0, ...overrides });

describe('meter model', () => {
  it.each([
    [0, 22_000],
    [50, 22_000],
    [79.9, 22_000],
    [90, 11_000],
    [99, 2_200],
    [100, 0],
  ])('draws the constant-current power then tapers: SoC %d%% -> %d W', (soc, watts) => {
    expect(vehiclePowerW(aVehicle(), soc)).toBeCloseTo(watts, 0);
  });

  it('never tapers below the minimum fraction before the battery is full', () => {
    expect(vehiclePowerW(aVehicle(), 99.99)).toBeCloseTo(2_200, 0);
  });

  it('keeps the energy register monotonic over a whole session, and SoC at most 100', () => {
    let meter = aMeter({ soc: 10 });
    const vehicle = aVehicle({ batteryWh: 20_000 });
    let previous = registerWh(meter);
    for (let minute = 0; minute < 180; minute++) {
      meter = advance(meter, vehicle, 60, Infinity);
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
    const meter = advance(aMeter(), aVehicle(), 3600, 11_000);
    expect(meter.energyWh - 1_000).toBeCloseTo(11_000, 0);
    expect(meter.powerW).toBe(11_000);
  });

  it('respects the active limit, including a limit of zero', () => {
    expect(chargePowerW(aVehicle(), 20, 7_400)).toBe(7_400);
    expect(chargePowerW(aVehicle(), 95, 7_400)).toBeCloseTo(5_500, 0);
    expect(chargePowerW(aVehicle(), 95, 4_000)).toBe(4_000);
    const stopped = advance(aMeter(), aVehicle(), 600, 0);
    expect(stopped.energyWh).toBe(1_000);
    expect(stopped.powerW).toBe(0);
  });

  it('does not modify the state it is given', () => {
    const meter = aMeter();
    advance(meter, aVehicle(), 600, Infinity);
    expect(meter).toEqual(aMeter());
  });

  it('converts amperes to watts over the given phases', () => {
    expect(ampsToWatts(16, 3)).toBe(11_040);
    expect(ampsToWatts(16, 1)).toBe(3_680);
  });
});
