import { useState } from 'react';
import { Anchor, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi, useAuth } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { PageTitle } from '../../components/page-title';
import { Pager } from '../../components/pager';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../util/format';
import { CreateSiteForm } from './create-site-form';

const LIMIT = 50;

/** The load-management sites (one grid connection each), each linking to its tree and live allocation; a new one for write keys. */
export function SitesPage() {
  const api = useApi();
  const { canWrite } = useAuth();
  const [offset, setOffset] = useState(0);
  const sites = useQuery({
    queryKey: ['energy-sites', 'list', offset],
    placeholderData: keepPreviousData,
    queryFn: async () => unwrap(await api.GET('/api/v1/energy/sites', { params: { query: { limit: LIMIT, offset } } })),
  });
  return (
    <>
      <PageTitle>Sites &amp; load management</PageTitle>
      <Stack>
        <QueryState query={sites}>
          {(page) => (
            <>
              <Table.ScrollContainer minWidth={760}>
                <Table striped highlightOnHover data-testid="sites-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Site</Table.Th>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>Safety margin</Table.Th>
                      <Table.Th>Voltage</Table.Th>
                      <Table.Th>Last planned</Table.Th>
                      <Table.Th>Next plan</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {page.items.map((site) => (
                      <Table.Tr key={site.siteId} data-site={site.siteId}>
                        <Table.Td>
                          <Anchor component={Link} to={`/sites/${encodeURIComponent(site.siteId)}`}>
                            {site.siteId}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{site.name}</Table.Td>
                        <Table.Td>{site.safetyMarginPct} %</Table.Td>
                        <Table.Td>{site.voltageV} V</Table.Td>
                        <Table.Td>{site.plannedAt ? formatDateTime(site.plannedAt) : 'never'}</Table.Td>
                        <Table.Td title={site.replanReasons.join('; ')}>
                          {site.replanDueAt ? `due ${formatDateTime(site.replanDueAt)}` : 'periodic'}
                        </Table.Td>
                        <Table.Td>
                          <Anchor
                            component={Link}
                            to={`/reports?${new URLSearchParams({ scope: 'site', site: site.siteId }).toString()}`}
                            size="sm"
                          >
                            Report
                          </Anchor>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {page.items.length === 0 && <Text c="dimmed">No site yet.</Text>}
              <Pager total={page.total} limit={page.limit} offset={page.offset} onOffset={setOffset} />
            </>
          )}
        </QueryState>
        {canWrite && <CreateSiteForm />}
      </Stack>
    </>
  );
}
