import { aTariff } from '@voltlane/billing-domain/testing';
import { ocppValidator } from '@voltlane/ocpp';
import { parseStationTariffId, stationTariffId, toOcppTariff } from './ocpp-tariff';

const valid = (tariff: object) => ocppValidator.validateRequest('ocpp2.1', 'SetDefaultTariff', { evseId: 0, tariff });

describe('toOcppTariff: our tariff as the OCPP 2.1 TariffType', () => {
  it('prices energy, charging and idle time, the session fee and VAT; a free component is left out', () => {
    const tariff = aTariff({
      id: 't-1',
      version: 3,
      name: 'Standard',
      energyPerKwh: '0.35',
      sessionFee: '1.50',
      taxRatePercent: '19',
      validFrom: new Date('2025-01-01T00:00:00Z'),
    });
    const ocpp = toOcppTariff(tariff, 'de');
    expect(ocpp).toEqual({
      tariffId: 't-1:3',
      currency: 'EUR',
      description: [{ format: 'UTF8', content: 'Standard', language: 'de' }],
      validFrom: '2025-01-01T00:00:00.000Z',
      energy: { prices: [{ priceKwh: 0.35 }], taxRates: [{ type: 'VAT', tax: 19 }] },
      fixedFee: { prices: [{ priceFixed: 1.5 }], taxRates: [{ type: 'VAT', tax: 19 }] },
    });
    expect(valid(ocpp)).toMatchObject({ ok: true });
  });

  it('time-of-day bands come first as startTimeOfDay/endTimeOfDay conditions (24:00 → 00:00), the base price last', () => {
    const tariff = aTariff({
      energyPerKwh: '0.40',
      chargingPerMinute: '0.05',
      bands: [
        { name: 'night', from: '22:00', to: '06:00', energyPerKwh: '0.25' },
        { name: 'evening', from: '18:00', to: '24:00', chargingPerMinute: '0.10' },
      ],
    });
    const ocpp = toOcppTariff(tariff);
    expect(ocpp.energy?.prices).toEqual([
      { priceKwh: 0.25, conditions: { startTimeOfDay: '22:00', endTimeOfDay: '06:00' } },
      { priceKwh: 0.4 },
    ]);
    expect(ocpp.chargingTime?.prices).toEqual([
      { priceMinute: 0.1, conditions: { startTimeOfDay: '18:00', endTimeOfDay: '00:00' } },
      { priceMinute: 0.05 },
    ]);
    expect(ocpp.idleTime).toBeUndefined();
    expect(valid(ocpp)).toMatchObject({ ok: true });
  });

  it('idle time is priced only after the grace period (minIdleTime in seconds)', () => {
    const ocpp = toOcppTariff(aTariff({ idlePerMinute: '0.20', idleGraceMinutes: 15 }));
    expect(ocpp.idleTime).toEqual({
      prices: [{ priceMinute: 0.2, conditions: { minIdleTime: 900 } }],
      taxRates: [{ type: 'VAT', tax: 0 }],
    });
    expect(valid(ocpp)).toMatchObject({ ok: true });
  });

  it('a band priced only for another component leaves this one at its base price', () => {
    const ocpp = toOcppTariff(
      aTariff({ energyPerKwh: '0.30', bands: [{ name: 'peak', from: '08:00', to: '10:00', idlePerMinute: '0.50' }] }),
    );
    expect(ocpp.energy?.prices).toEqual([{ priceKwh: 0.3 }]);
    expect(ocpp.idleTime?.prices).toEqual([
      { priceMinute: 0.5, conditions: { startTimeOfDay: '08:00', endTimeOfDay: '10:00' } },
      { priceMinute: 0 },
    ]);
  });

  it.each([
    ['3f2a:1', { tariffId: '3f2a', version: 1 }],
    ['a:b:12', { tariffId: 'a:b', version: 12 }],
    ['LOCAL-7', null],
    ['x:', null],
  ])('parseStationTariffId(%p) → %p', (value, expected) => {
    expect(parseStationTariffId(value)).toEqual(expected);
  });

  it('station tariff ids round-trip and fit the 60 characters of 2.1', () => {
    const id = stationTariffId({ id: '0b6c1f3e-5d9a-4f7b-8c2d-1e2f3a4b5c6d', version: 123_456_789 });
    expect(id.length).toBeLessThanOrEqual(60);
    expect(parseStationTariffId(id)).toEqual({ tariffId: '0b6c1f3e-5d9a-4f7b-8c2d-1e2f3a4b5c6d', version: 123_456_789 });
  });
});
