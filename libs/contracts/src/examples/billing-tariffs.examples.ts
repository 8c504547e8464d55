import type { TariffCatalogEntry } from '../billing-tariffs.contract';
import type { ContractExample } from './contract-example';

export const tariffCatalogExamples: ContractExample<TariffCatalogEntry>[] = [
  {
    name: 'default-tariff',
    summary:
      'The default tariff (the one the billing.cdrs.v1 example was priced with): one version with a cheaper night band, assigned as the default.',
    key: '5c0a1f3e-8d2b-4e7a-9f61-0b3c2d4e5f60',
    payload: {
      tariffId: '5c0a1f3e-8d2b-4e7a-9f61-0b3c2d4e5f60',
      revision: 1_705_312_800_000,
      versions: [
        {
          version: 1,
          name: 'Default',
          currency: 'EUR',
          timeZone: 'Europe/Berlin',
          energyPerKwh: '0.35',
          chargingPerMinute: '0',
          idlePerMinute: '0.10',
          idleGraceMinutes: 5,
          sessionFee: '0',
          bands: [{ name: 'night', from: '22:00', to: '06:00', energyPerKwh: '0.29' }],
          taxRatePercent: '19',
          rounding: 'HALF_UP',
          validFrom: '2000-01-01T00:00:00.000Z',
          validTo: null,
        },
      ],
      assignments: [{ id: 'a-default', scope: { kind: 'default' }, validFrom: '2000-01-01T00:00:00.000Z', validTo: null }],
    },
  },
];
