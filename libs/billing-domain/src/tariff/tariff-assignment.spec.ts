import { BillingErrorCode } from '../billing-error';
import { aTariff } from '../testing/builders';
import type { TariffAssignment, TariffScope } from './tariff';
import { selectTariff } from './tariff-assignment';

const d = (iso: string): Date => new Date(iso);

function anAssignment(
  id: string,
  tariffId: string,
  scope: TariffScope,
  validFrom = '2024-01-01T00:00:00Z',
  validTo: string | null = null,
): TariffAssignment {
  return { id, tariffId, scope, validFrom: d(validFrom), validTo: validTo ? d(validTo) : null };
}

const tariffs = [
  aTariff({ id: 'default', version: 1, validFrom: d('2024-01-01T00:00:00Z'), validTo: d('2024-07-01T00:00:00Z') }),
  aTariff({ id: 'default', version: 2, validFrom: d('2024-07-01T00:00:00Z') }),
  aTariff({ id: 'station', version: 1, validFrom: d('2024-01-01T00:00:00Z') }),
  aTariff({ id: 'fleet', version: 1, validFrom: d('2024-01-01T00:00:00Z') }),
  aTariff({ id: 'summer', version: 1, validFrom: d('2024-01-01T00:00:00Z') }),
];

const assignments = [
  anAssignment('a-default', 'default', { kind: 'default' }),
  anAssignment('a-station', 'station', { kind: 'station', stationId: 'CS-1' }),
  anAssignment('a-fleet', 'fleet', { kind: 'customerGroup', customerGroup: 'fleet' }, '2024-01-01T00:00:00Z', '2024-12-31T00:00:00Z'),
  anAssignment('a-summer', 'summer', { kind: 'station', stationId: 'CS-1' }, '2024-06-01T00:00:00Z', '2024-09-01T00:00:00Z'),
];

describe('selectTariff', () => {
  it.each<[string, string, string | null, string, string]>([
    ['default for an unknown station', 'CS-9', null, '2024-03-01T00:00:00Z', 'default v1 via a-default'],
    ['default version valid at the session start', 'CS-9', null, '2024-08-01T00:00:00Z', 'default v2 via a-default'],
    ['station over default', 'CS-1', null, '2024-03-01T00:00:00Z', 'station v1 via a-station'],
    ['newer station assignment while it is valid', 'CS-1', null, '2024-07-01T00:00:00Z', 'summer v1 via a-summer'],
    ['older station assignment again after it ended', 'CS-1', null, '2024-09-01T00:00:00Z', 'station v1 via a-station'],
    ['customer group over station', 'CS-1', 'fleet', '2024-03-01T00:00:00Z', 'fleet v1 via a-fleet'],
    ['station once the group assignment expired', 'CS-1', 'fleet', '2025-01-01T00:00:00Z', 'station v1 via a-station'],
    ['an unassigned group falls through', 'CS-9', 'staff', '2024-03-01T00:00:00Z', 'default v1 via a-default'],
  ])('%s', (_name, stationId, customerGroup, at, expected) => {
    const { tariff, assignment } = selectTariff(assignments, tariffs, { stationId, customerGroup, at: d(at) });
    expect(`${tariff.id} v${tariff.version} via ${assignment.id}`).toBe(expected);
  });

  it('throws NoApplicableTariff before any assignment is valid', () => {
    expect(() => selectTariff(assignments, tariffs, { stationId: 'CS-1', customerGroup: null, at: d('2023-01-01T00:00:00Z') })).toThrow(
      expect.objectContaining({ code: BillingErrorCode.NoApplicableTariff }),
    );
  });
});
