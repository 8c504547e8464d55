import type { TariffCatalogEntry, TariffVersionSnapshot } from '@voltlane/contracts';
import { tariffVersion } from '../../test/push-fixtures';
import { ocpiTariffId, publishedVersion, sameTariff, stationTariffIds, toOcpiTariff } from './tariff-mapping';

const party = { countryCode: 'NL', partyId: 'VLT' };
const now = new Date('2025-06-01T12:00:00.000Z');
const updated = new Date('2025-05-31T08:00:00.000Z');

/** 0.30/kWh, 21 % VAT from 2025 on; nothing else charged. */
const version = (over: Partial<TariffVersionSnapshot> = {}): TariffVersionSnapshot =>
  tariffVersion({ idlePerMinute: '0', sessionFee: '0', validFrom: '2025-01-01T00:00:00.000Z', ...over });

const entry = (
  versions: TariffVersionSnapshot[],
  tariffId = 'T1',
  assignments: TariffCatalogEntry['assignments'] = [],
): TariffCatalogEntry => ({
  tariffId,
  revision: 1,
  versions,
  assignments,
});

describe('toOcpiTariff', () => {
  it('maps a simple energy tariff: ENERGY per kWh, VAT, step 1, the version’s dates', () => {
    expect(toOcpiTariff(entry([version()]), party, now, updated)).toEqual({
      country_code: 'NL',
      party_id: 'VLT',
      id: 'T1',
      currency: 'EUR',
      tariff_alt_text: [{ language: 'en', text: 'Standard' }],
      elements: [{ price_components: [{ type: 'ENERGY', price: 0.3, vat: 21, step_size: 1 }] }],
      start_date_time: '2025-01-01T00:00:00.000Z',
      last_updated: '2025-05-31T08:00:00.000Z',
    });
  });

  it('prices charging and idle minutes per hour, the session fee as FLAT, and says the idle grace in words', () => {
    const tariff = toOcpiTariff(
      entry([
        version({
          energyPerKwh: '0.25',
          chargingPerMinute: '0.05',
          idlePerMinute: '0.10',
          idleGraceMinutes: 15,
          sessionFee: '0.50',
          taxRatePercent: '7.7',
          validTo: '2026-01-01T00:00:00.000Z',
        }),
      ]),
      party,
      now,
      updated,
    );
    expect(tariff?.elements).toEqual([
      {
        price_components: [
          { type: 'ENERGY', price: 0.25, vat: 7.7, step_size: 1 },
          { type: 'TIME', price: 3, vat: 7.7, step_size: 1 },
          { type: 'PARKING_TIME', price: 6, vat: 7.7, step_size: 1 },
          { type: 'FLAT', price: 0.5, vat: 7.7, step_size: 1 },
        ],
      },
    ]);
    expect(tariff?.end_date_time).toBe('2026-01-01T00:00:00.000Z');
    expect(tariff?.tariff_alt_text[0]?.text).toBe(
      'Standard The first 15 minutes connected without charging are free of parking time costs.',
    );
  });

  it('puts time-of-day bands first with start_time/end_time, base prices last without restrictions', () => {
    const tariff = toOcpiTariff(
      entry([
        version({
          energyPerKwh: '0.40',
          chargingPerMinute: '0.02',
          bands: [
            { name: 'night', from: '22:00', to: '06:00', energyPerKwh: '0.20' },
            { name: 'evening', from: '18:00', to: '24:00', chargingPerMinute: '0' },
            { name: 'label-only', from: '06:00', to: '07:00' },
          ],
        }),
      ]),
      party,
      now,
      updated,
    );
    expect(tariff?.elements).toEqual([
      {
        price_components: [{ type: 'ENERGY', price: 0.2, vat: 21, step_size: 1 }],
        restrictions: { start_time: '22:00', end_time: '06:00' },
      },
      { price_components: [{ type: 'TIME', price: 0, vat: 21, step_size: 1 }], restrictions: { start_time: '18:00', end_time: '00:00' } },
      {
        price_components: [
          { type: 'ENERGY', price: 0.4, vat: 21, step_size: 1 },
          { type: 'TIME', price: 1.2, vat: 21, step_size: 1 },
        ],
      },
    ]);
  });

  it('a band over the whole day has no time restriction; a tariff priced nowhere is free of charge (FLAT 0)', () => {
    const whole = toOcpiTariff(
      entry([version({ bands: [{ name: 'all', from: '00:00', to: '24:00', energyPerKwh: '0.1' }] })]),
      party,
      now,
      updated,
    );
    expect(whole?.elements[0]).toEqual({ price_components: [{ type: 'ENERGY', price: 0.1, vat: 21, step_size: 1 }] });
    const free = toOcpiTariff(entry([version({ energyPerKwh: '0' })]), party, now, updated);
    expect(free?.elements).toEqual([{ price_components: [{ type: 'FLAT', price: 0, vat: 21, step_size: 1 }] }]);
  });

  it('shows the version in force, else the next one; none when every version has ended', () => {
    const v1 = version({ version: 1, energyPerKwh: '0.30', validTo: '2025-07-01T00:00:00.000Z' });
    const v2 = version({ version: 2, energyPerKwh: '0.35', validFrom: '2025-07-01T00:00:00.000Z' });
    expect(publishedVersion(entry([v1, v2]), now)?.version).toBe(1);
    expect(publishedVersion(entry([v1, v2]), new Date('2025-07-01T00:00:00.000Z'))?.version).toBe(2);
    expect(publishedVersion(entry([v2]), now)?.version).toBe(2);
    expect(toOcpiTariff(entry([v1]), party, new Date('2025-08-01T00:00:00.000Z'), updated)).toBeUndefined();
    expect(toOcpiTariff(entry([]), party, now, updated)).toBeUndefined();
  });

  it('compares tariffs without last_updated', () => {
    const a = toOcpiTariff(entry([version()]), party, now, updated);
    const b = toOcpiTariff(entry([version()]), party, now, new Date());
    expect(sameTariff(a, b)).toBe(true);
    expect(sameTariff(a, toOcpiTariff(entry([version({ energyPerKwh: '0.31' })]), party, now, updated))).toBe(false);
    expect(sameTariff(a, undefined)).toBe(false);
    expect(sameTariff(undefined, null)).toBe(true);
    // As read back from jsonb: the same content, keys in another order.
    const reverse = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverse)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverse(x)]),
            )
          : v;
    const reordered = reverse(a) as typeof a;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(a));
    expect(sameTariff(a, reordered)).toBe(true);
  });
});

describe('ids and station tariffs', () => {
  it('keeps a uuid as the OCPI id and hashes a longer one to 36 characters', () => {
    expect(ocpiTariffId('0b7f7a8e-6d0e-4c1b-9c55-0d1c1f2a3b4c')).toBe('0b7f7a8e-6d0e-4c1b-9c55-0d1c1f2a3b4c');
    expect(ocpiTariffId('t'.repeat(40))).toMatch(/^[0-9a-f]{36}$/);
  });

  it('picks the station’s tariff before the default, as the billing-service does', () => {
    const always = { validFrom: '2000-01-01T00:00:00.000Z', validTo: null };
    const entries = [
      entry([version()], 'DEFAULT', [{ id: 'a1', scope: { kind: 'default' }, ...always }]),
      entry([version()], 'STATION', [{ id: 'a2', scope: { kind: 'station', stationId: 'CS1' }, ...always }]),
      entry([version()], 'GROUP', [{ id: 'a3', scope: { kind: 'customerGroup', customerGroup: 'staff' }, ...always }]),
    ];
    expect(stationTariffIds(entries, 'CS1', now)).toEqual(['STATION']);
    expect(stationTariffIds(entries, 'CS2', now)).toEqual(['DEFAULT']);
    expect(stationTariffIds(entries.slice(1), 'CS2', now)).toEqual([]);
  });
});
