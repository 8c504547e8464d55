import { Alert, Anchor, Button, Card, SimpleGrid, Stack, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useApi, useAuth } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { PageTitle } from '../../components/page-title';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../util/format';
import { SiteAllocation } from './site-allocation';
import { SiteAllocationHistory } from './site-allocation-history';
import { SiteLimits } from './site-limits';
import { SiteTree } from './site-tree';
import { Fact } from '../../components/fact';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card withBorder component="section" aria-label={title}>
      <Title order={4} mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** One site: its settings, live allocation (every 5 s), tree, external limits and earlier decisions; re-plan and limits for write keys. */
export function SitePage() {
  const { siteId = '' } = useParams();
  const api = useApi();
  const { canWrite } = useAuth();
  const queryClient = useQueryClient();
  const site = useQuery({
    queryKey: ['site', siteId],
    queryFn: async () => unwrap(await api.GET('/api/v1/energy/sites/{siteId}', { params: { path: { siteId } } })),
  });
  const nodes = useQuery({
    queryKey: ['site', siteId, 'nodes'],
    queryFn: async () => unwrap(await api.GET('/api/v1/energy/sites/{siteId}/nodes', { params: { path: { siteId } } })),
  });
  const replan = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/energy/sites/{siteId}/replan', { params: { path: { siteId } } })),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['site', siteId] }),
  });
  return (
    <>
      <PageTitle
        actions={
          canWrite && (
            <Button onClick={() => replan.mutate()} loading={replan.isPending}>
              Re-plan now
            </Button>
          )
        }
      >
        <Anchor component={Link} to="/sites" size="sm" mr="xs">
          Sites /
        </Anchor>
        {siteId}
      </PageTitle>
      {replan.isSuccess && (
        <Alert color="green" mb="md" data-testid="replan-answer">
          {replan.data.replanDueAt
            ? `Re-plan due ${formatDateTime(replan.data.replanDueAt)}: the new decision shows below within seconds.`
            : 'Planned already.'}
        </Alert>
      )}
      {replan.isError && (
        <Alert color="red" mb="md" role="alert" title="Not re-planned">
          {replan.error.message}
        </Alert>
      )}
      <QueryState query={site}>
        {(s) => (
          <Stack>
            <Card withBorder>
              <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
                <Fact label="Name" testId="site-name">
                  {s.name}
                </Fact>
                <Fact label="Safety margin">{s.safetyMarginPct} %</Fact>
                <Fact label="Voltage">{s.voltageV} V</Fact>
                <Fact label="Last planned">{s.plannedAt ? formatDateTime(s.plannedAt) : 'never'}</Fact>
                <Fact label="Next plan" testId="site-replan-due">
                  {s.replanDueAt ? `due ${formatDateTime(s.replanDueAt)}` : 'periodic'}
                  {s.replanReasons.length > 0 && ` (${s.replanReasons.join('; ')})`}
                </Fact>
                <Fact label="Reports">
                  <Anchor component={Link} to={`/reports?${new URLSearchParams({ scope: 'site', site: siteId }).toString()}`} size="sm">
                    Energy, sessions, revenue
                  </Anchor>
                </Fact>
              </SimpleGrid>
            </Card>
            <Section title="Live allocation">
              <SiteAllocation siteId={siteId} nodes={nodes.data} />
            </Section>
            <Section title="Tree">
              <QueryState query={nodes}>{(list) => <SiteTree nodes={list} />}</QueryState>
            </Section>
            <Section title="External limits">
              <SiteLimits siteId={siteId} nodes={nodes.data} />
            </Section>
            <Section title="Recent allocations">
              <SiteAllocationHistory siteId={siteId} nodes={nodes.data} />
            </Section>
          </Stack>
        )}
      </QueryState>
    </>
  );
}
