import { Alert, Anchor, Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { OperatorApiSchemas } from '@voltlane/operator-api-client';
import { useApi } from '../../auth/auth-context';
import { ApiError, unwrap } from '../../api/api-error';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../util/format';
import { AllocationStatus, formatAmp, formatLimit, formatPhases, NodeKind } from './energy-format';
import { nodeName, type EnergyNode } from './site-tree';

export type Allocation = OperatorApiSchemas['GetEnergyAllocationResponse'];

/** How often the live allocation is read again. */
export const ALLOCATION_REFRESH_MS = 5_000;

/** A session's limit: per phase, on how many phases. */
function sessionLimit(limitA: number | undefined, phases: number | undefined): string {
  if (limitA === undefined) return '—';
  return phases && phases !== 1 ? `${formatAmp(limitA)} A × ${phases}` : `${formatAmp(limitA)} A`;
}

/** The sessions and nodes of one decision. */
export function AllocationTables({ allocation, nodes }: { allocation: Allocation; nodes: readonly EnergyNode[] | undefined }) {
  const sessions = allocation.sessions ?? [];
  const overcommitted = new Set(allocation.overcommitted ?? []);
  return (
    <Stack gap="sm">
      {overcommitted.size > 0 && (
        <Alert color="red" title="Overcommitted" data-testid="allocation-overcommitted">
          The fixed and unmanaged load alone exceed the limit of {[...overcommitted].map((id) => nodeName(nodes, id)).join(', ')}.
        </Alert>
      )}
      <Title order={5}>Sessions</Title>
      {sessions.length === 0 ? (
        <Text c="dimmed" size="sm">
          No session is charging under this site.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table striped fz="sm" data-testid="allocation-sessions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Session</Table.Th>
                <Table.Th>Station / EVSE</Table.Th>
                <Table.Th>Limit</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th>Limiting node</Table.Th>
                <Table.Th>Measured</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.map((s, i) => (
                <Table.Tr key={s.sessionId ?? `${s.stationId}/${s.evseId}/${i}`} data-session={s.sessionId}>
                  <Table.Td>
                    {s.sessionId ? (
                      <Anchor component={Link} to={`/sessions/${encodeURIComponent(s.sessionId)}`} size="sm">
                        {s.sessionId}
                      </Anchor>
                    ) : (
                      (s.transactionRef ?? '—')
                    )}
                  </Table.Td>
                  <Table.Td>
                    {s.stationId ?? '—'} / {s.evseId ?? '?'}
                  </Table.Td>
                  <Table.Td>{sessionLimit(s.limitA, s.phases)}</Table.Td>
                  <Table.Td>
                    <AllocationStatus status={s.status} />
                  </Table.Td>
                  <Table.Td>{s.reason ?? '—'}</Table.Td>
                  <Table.Td>{nodeName(nodes, s.limitingNodeId)}</Table.Td>
                  <Table.Td>{formatPhases(s.measuredA)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Title order={5}>Nodes</Title>
      <Table.ScrollContainer minWidth={720}>
        <Table striped fz="sm" data-testid="allocation-nodes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Node</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Effective limit</Table.Th>
              <Table.Th>Planned load</Table.Th>
              <Table.Th>Measured load</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(allocation.nodes ?? []).map((n) => (
              <Table.Tr key={n.nodeId} data-node={n.nodeId}>
                <Table.Td>
                  <Group gap={6}>
                    {nodeName(nodes, n.nodeId)}
                    {n.nodeId && overcommitted.has(n.nodeId) && (
                      <Badge color="red" size="xs">
                        overcommitted
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <NodeKind kind={n.kind} />
                </Table.Td>
                <Table.Td>{formatLimit(n.effectiveLimitA, n.effectiveLimitKw)}</Table.Td>
                <Table.Td>{formatLimit(n.plannedA, n.plannedKw)}</Table.Td>
                <Table.Td>{formatPhases(n.measuredA)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** The site's latest decision, read again every 5 s: each session's limit and why, each node's limit and load. */
export function SiteAllocation({ siteId, nodes }: { siteId: string; nodes: readonly EnergyNode[] | undefined }) {
  const api = useApi();
  const allocation = useQuery({
    queryKey: ['site', siteId, 'allocation'],
    refetchInterval: ALLOCATION_REFRESH_MS,
    queryFn: async (): Promise<Allocation | null> => {
      try {
        return unwrap(await api.GET('/api/v1/energy/sites/{siteId}/allocation', { params: { path: { siteId } } }));
      } catch (error) {
        // 404: the site has not been planned yet
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
  return (
    <div data-testid="site-allocation">
      <QueryState query={allocation}>
        {(data) =>
          data === null ? (
            <Text c="dimmed">Not planned yet.</Text>
          ) : (
            <Stack gap="sm">
              <Text size="sm" c="dimmed" data-testid="allocation-planned">
                Decision #{data.allocationId}, planned {formatDateTime(data.plannedAt)}
                {data.triggers.length > 0 && ` · ${data.triggers.join('; ')}`}
              </Text>
              <AllocationTables allocation={data} nodes={nodes} />
            </Stack>
          )
        }
      </QueryState>
    </div>
  );
}
