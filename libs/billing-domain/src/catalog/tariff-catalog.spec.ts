import { parseTariffCatalogEntry } from '@voltlane/contracts';
import { costOfTotals, ocppTotalCost } from '../cost/cost-of-totals';
import { selectTariff } from '../tariff/tariff-assignment';
import type { TariffAssignment } from '../tariff/tariff';
import { aTariff } from '../testing/builders';
import { catalogEntryOf, catalogOf } from './tariff-catalog';

describe('tariff catalog records (billing.tariffs.v1)', () => {
  const v1 = aTariff({
    id: 'T',
    version: 1,
    energyPerKwh: '0.30',
    sessionFee: '1.00',
    taxRatePercent: '19',
    bands: [{ name: 'night', from: '22:00', to: '06:00', energyPerKwh: '0.20' }],
  });
  const v2 = { ...v1, version: 2, energyPerKwh: '0.40', validFrom: new Date('2030-01-01T00:00:00Z') };
  const assignment: TariffAssignment = {
    id: 'A',
    tariffId: 'T',
    scope: { kind: 'station', stationId: 'CS-1' },
    validFrom: new Date('2020-01-01T00:00:00Z'),
    validTo: null,
  };

  it('round-trip through a contract-valid record: the same selection and the same cost as from the originals', () => {
    const entry = parseTariffCatalogEntry(JSON.parse(JSON.stringify(catalogEntryOf('T', [v1, v2], [assignment], 42))));
    const { tariffs, assignments } = catalogOf([entry]);
    expect(tariffs).toEqual([v1, v2]);
    expect(assignments).toEqual([assignment]);
    const at = new Date('2025-03-01T10:00:00Z');
    const replica = selectTariff(assignments, tariffs, { stationId: 'CS-1', customerGroup: null, at });
    const original = selectTariff([assignment], [v1, v2], { stationId: 'CS-1', customerGroup: null, at });
    expect(replica.tariff).toEqual(original.tariff);
    const totals = { startedAt: at, endedAt: new Date('2025-03-01T11:00:00Z'), energyWh: '2000', chargingSeconds: 3600, idleSeconds: 0 };
    expect(ocppTotalCost(costOfTotals(totals, replica.tariff, totals.endedAt))).toBe(1.9);
  });
});
