import { Fragment, useState } from 'react';
import { Button, Group, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../util/format';
import { AllocationTables, type Allocation } from './site-allocation';
import { nodeName, type EnergyNode } from './site-tree';

const LIMIT = 10;

/** "2 Satisfied · 1 Capped" */
function statusSummary(allocation: Allocation): string {
  const counts = new Map<string, number>();
  for (const s of allocation.sessions ?? []) counts.set(s.status ?? '?', (counts.get(s.status ?? '?') ?? 0) + 1);
  return [...counts].map(([status, count]) => `${count} ${status}`).join(' · ') || 'no session';
}

/** The site's earlier decisions, newest first, paged by cursor; one opened shows its sessions and nodes. */
export function SiteAllocationHistory({ siteId, nodes }: { siteId: string; nodes: readonly EnergyNode[] | undefined }) {
  const api = useApi();
  // the cursors of the pages before this one (the first page has none)
  const [cursors, setCursors] = useState<string[]>([]);
  const [opened, setOpened] = useState<string | null>(null);
  const cursor = cursors.at(-1);
  const history = useQuery({
    queryKey: ['site', siteId, 'allocations', cursor ?? null],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/energy/sites/{siteId}/allocations', {
          params: { path: { siteId }, query: { limit: LIMIT, ...(cursor ? { cursor } : {}) } },
        }),
      ),
  });
  return (
    <QueryState query={history}>
      {(page) => (
        <>
          {page.items.length === 0 ? (
            <Text c="dimmed" size="sm">
              No decision stored yet.
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table striped fz="sm" data-testid="allocation-history">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Decision</Table.Th>
                    <Table.Th>Planned</Table.Th>
                    <Table.Th>Why</Table.Th>
                    <Table.Th>Sessions</Table.Th>
                    <Table.Th>Overcommitted</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((a) => (
                    <Fragment key={a.allocationId}>
                      <Table.Tr data-allocation={a.allocationId}>
                        <Table.Td>#{a.allocationId}</Table.Td>
                        <Table.Td>{formatDateTime(a.plannedAt)}</Table.Td>
                        <Table.Td>{a.triggers.join('; ') || '—'}</Table.Td>
                        <Table.Td>{statusSummary(a)}</Table.Td>
                        <Table.Td>{(a.overcommitted ?? []).map((id) => nodeName(nodes, id)).join(', ') || '—'}</Table.Td>
                        <Table.Td>
                          <Button
                            size="xs"
                            variant="subtle"
                            onClick={() => setOpened(opened === a.allocationId ? null : a.allocationId)}
                            aria-expanded={opened === a.allocationId}
                          >
                            {opened === a.allocationId ? 'Hide' : 'Details'}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                      {opened === a.allocationId && (
                        <Table.Tr>
                          <Table.Td colSpan={6}>
                            <AllocationTables allocation={a} nodes={nodes} />
                          </Table.Td>
                        </Table.Tr>
                      )}
                    </Fragment>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Group mt="xs" gap="xs">
            <Button size="xs" variant="default" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
              Newer
            </Button>
            <Button
              size="xs"
              variant="default"
              disabled={!page.nextCursor}
              onClick={() => page.nextCursor && setCursors([...cursors, page.nextCursor])}
            >
              Older
            </Button>
          </Group>
        </>
      )}
    </QueryState>
  );
}
