import { useState } from 'react';
import { Anchor, Badge, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { Pager } from '../../components/pager';
import { QueryState } from '../../components/query-state';
import { formatDateTime, formatKwh, formatMoney } from '../../util/format';

const LIMIT = 20;

/** The charge detail records of a customer's sessions (GET /api/v1/cdrs?customerId=), newest end first. */
export function CustomerCdrs({ customerId }: { customerId: string }) {
  const api = useApi();
  const [offset, setOffset] = useState(0);
  const cdrs = useQuery({
    queryKey: ['cdrs', { customerId }, offset],
    queryFn: async () => unwrap(await api.GET('/api/v1/cdrs', { params: { query: { customerId, limit: LIMIT, offset } } })),
  });
  return (
    <QueryState query={cdrs}>
      {(page) => (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table striped data-testid="customer-cdrs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Ended</Table.Th>
                  <Table.Th>Station</Table.Th>
                  <Table.Th>Token</Table.Th>
                  <Table.Th>Energy</Table.Th>
                  <Table.Th>Total (incl. tax)</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.items.map((cdr) => (
                  <Table.Tr key={cdr.cdrId} data-cdr={cdr.cdrId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/cdrs/${encodeURIComponent(cdr.cdrId)}`}>
                        {formatDateTime(cdr.endedAt)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {cdr.stationId ? (
                        <Anchor component={Link} to={`/stations/${encodeURIComponent(cdr.stationId)}`}>
                          {cdr.stationId}
                        </Anchor>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>{cdr.idTokenKey ?? '—'}</Table.Td>
                    <Table.Td>{formatKwh(cdr.energyWh)}</Table.Td>
                    <Table.Td>{formatMoney(cdr.totalInclTax?.amount, cdr.totalInclTax?.currency ?? cdr.currency)}</Table.Td>
                    <Table.Td>
                      {cdr.anomalous && (
                        <Badge color="orange" variant="light" title={(cdr.anomalies ?? []).join(', ')}>
                          anomalies
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {page.items.length === 0 && <Text c="dimmed">No CDR yet.</Text>}
          <Pager total={page.total} limit={page.limit} offset={page.offset} onOffset={setOffset} />
        </>
      )}
    </QueryState>
  );
}
