import fc from 'fast-check';
import { OCPP_VERSIONS, actionsOf, ocppValidator, type OcppVersion } from '@voltlane/ocpp';
import { EXTREME_INTEGERS, requestArbitrary, stationCallActions } from './schema-arbitrary';

const SEED = 1414;
const SAMPLES = 50;

const cases: [OcppVersion, string][] = OCPP_VERSIONS.flatMap((version) =>
  actionsOf(version).map((info) => [version, info.action] as [OcppVersion, string]),
);

describe('extremeArbitrary: schema-valid payloads biased to extremes', () => {
  it.each(cases)('%s %s: %#', (version, action) => {
    const samples = fc.sample(requestArbitrary(version, action), { seed: SEED, numRuns: SAMPLES });
    const invalid = samples
      .map((payload) => ({ payload, outcome: ocppValidator.validateRequest(version, action, payload) }))
      .filter(({ outcome }) => !outcome.ok);
    expect(invalid.slice(0, 3).map(({ payload, outcome }) => ({ outcome, payload: JSON.stringify(payload).slice(0, 300) }))).toEqual([]);
  });

  it('reaches the extremes: 1.6 StartTransaction connectorId at 2^31 and 2^53, idTag with NUL and at maxLength', () => {
    const samples = fc.sample(requestArbitrary('ocpp1.6', 'StartTransaction'), { seed: SEED, numRuns: 300 });
    const connectorIds = new Set(samples.map((p) => p.connectorId));
    expect(connectorIds).toContain(2 ** 31);
    expect(connectorIds).toContain(2 ** 53);
    const idTags = samples.map((p) => String(p.idTag));
    expect(idTags.some((t) => t.includes('\u0000'))).toBe(true);
    expect(idTags.some((t) => [...t].length === 20)).toBe(true);
    expect(samples.map((p) => String(p.timestamp))).toEqual(expect.arrayContaining(['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z']));
  });

  it('keeps the schema bounds: 2.0.1 NotifyEVChargingNeeds stateOfCharge (0..100) reaches both ends and never leaves them', () => {
    const samples = fc.sample(requestArbitrary('ocpp2.0.1', 'NotifyEVChargingNeeds'), { seed: SEED, numRuns: 400 });
    const soc = samples.flatMap((p) => {
      const dc = (p.chargingNeeds as { dcChargingParameters?: { stateOfCharge?: number } }).dcChargingParameters;
      return dc?.stateOfCharge === undefined ? [] : [dc.stateOfCharge];
    });
    expect(soc.every((v) => v >= 0 && v <= 100)).toBe(true);
    expect(soc).toEqual(expect.arrayContaining([0, 100]));
    expect(EXTREME_INTEGERS).toContain(-1);
  });

  it('optional fields are sometimes present and sometimes absent', () => {
    const samples = fc.sample(requestArbitrary('ocpp1.6', 'StartTransaction'), { seed: SEED, numRuns: 100 });
    const withReservation = samples.filter((p) => 'reservationId' in p).length;
    expect(withReservation).toBeGreaterThan(0);
    expect(withReservation).toBeLessThan(samples.length);
  });

  it.each(OCPP_VERSIONS)('%s: the station CALL actions exclude SEND-only messages', (version) => {
    const calls = stationCallActions(version);
    expect(calls).toContain('BootNotification');
    expect(calls).not.toContain('NotifyPeriodicEventStream');
  });
});
