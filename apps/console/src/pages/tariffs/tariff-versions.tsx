import { Table } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../util/format';
import { price } from './tariff-types';

/** Every version of a tariff, newest first: what each CDR priced with it paid. */
export function TariffVersions({ tariffId }: { tariffId: string }) {
  const api = useApi();
  const versions = useQuery({
    queryKey: ['tariff', tariffId, 'versions'],
    queryFn: async () => unwrap(await api.GET('/api/v1/tariffs/{id}/versions', { params: { path: { id: tariffId } } })),
  });
  return (
    <QueryState query={versions}>
      {(list) => (
        <Table.ScrollContainer minWidth={820}>
          <Table striped data-testid="tariff-versions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Version</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Valid</Table.Th>
                <Table.Th>Energy</Table.Th>
                <Table.Th>Charging</Table.Th>
                <Table.Th>Idle</Table.Th>
                <Table.Th>Session fee</Table.Th>
                <Table.Th>Tax</Table.Th>
                <Table.Th>Bands</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...list].reverse().map((v) => (
                <Table.Tr key={v.version} data-version={v.version}>
                  <Table.Td>{v.version}</Table.Td>
                  <Table.Td>{v.name}</Table.Td>
                  <Table.Td>
                    {formatDateTime(v.validFrom)} – {v.validTo ? formatDateTime(v.validTo) : 'open'}
                  </Table.Td>
                  <Table.Td>{price(v.energyPerKwh, v.currency, '/kWh')}</Table.Td>
                  <Table.Td>{price(v.chargingPerMinute, v.currency, '/min')}</Table.Td>
                  <Table.Td>
                    {price(v.idlePerMinute, v.currency, '/min')}
                    {v.idleGraceMinutes ? ` (${v.idleGraceMinutes} min free)` : ''}
                  </Table.Td>
                  <Table.Td>{price(v.sessionFee, v.currency)}</Table.Td>
                  <Table.Td>{v.taxRatePercent !== undefined ? `${v.taxRatePercent} %` : '—'}</Table.Td>
                  <Table.Td>{v.bands?.length ? v.bands.map((b) => `${b.name} ${b.from}–${b.to}`).join(', ') : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </QueryState>
  );
}
