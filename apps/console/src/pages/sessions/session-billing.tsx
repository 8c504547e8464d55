import { Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../../auth/auth-context';
import { ApiError, unwrap } from '../../api/api-error';
import { formatDateTime, formatMoney } from '../../util/format';
import { CostLines } from '../cdrs/cost-lines';
import { useSessionCdr, type EndedSession } from './session-cdr';

function Amount({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

/** What an active session costs so far (GET …/cost, read every 5 s), under which tariff. */
function RunningCost({ sessionId }: { sessionId: string }) {
  const api = useApi();
  const cost = useQuery({
    queryKey: ['session', sessionId, 'cost'],
    queryFn: async () => unwrap(await api.GET('/api/v1/sessions/{sessionId}/cost', { params: { path: { sessionId } } })),
    refetchInterval: 5_000,
  });
  if (cost.isPending) return <Text c="dimmed">Reading the cost…</Text>;
  if (cost.isError) {
    const status = cost.error instanceof ApiError ? cost.error.status : 0;
    return (
      <Text c={status === 409 || status === 404 ? 'dimmed' : 'red'} data-testid="session-cost-missing">
        {status === 409
          ? 'No tariff applies to this session: it has no price.'
          : status === 404
            ? 'No running cost (the session has just ended: its CDR follows).'
            : `The cost could not be read: ${cost.error.message}`}
      </Text>
    );
  }
  const c = cost.data;
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Amount label="So far, excl. tax" value={formatMoney(c.totalExclTax?.amount, c.totalExclTax?.currency ?? c.currency)} />
        <Amount label={`Tax (${c.taxRatePercent ?? '?'} %)`} value={formatMoney(c.tax?.amount, c.tax?.currency ?? c.currency)} />
        <Amount
          label="So far, incl. tax"
          value={formatMoney(c.totalInclTax?.amount, c.totalInclTax?.currency ?? c.currency)}
          testId="session-cost"
        />
        <div>
          <Text size="xs" c="dimmed">
            Tariff
          </Text>
          {c.tariff?.id ? (
            <Anchor component={Link} to={`/tariffs/${encodeURIComponent(c.tariff.id)}`} size="sm">
              {c.tariff.id} v{c.tariff.version}
            </Anchor>
          ) : (
            <Text size="sm">—</Text>
          )}
        </div>
      </SimpleGrid>
      <CostLines lines={c.lines ?? []} />
      <Text size="xs" c="dimmed">
        Calculated until {formatDateTime(c.calculatedUntil)}; the CDR is priced when the session ends.
      </Text>
    </Stack>
  );
}

/** An ended session's CDR: its totals and a link to it, or that it is not issued yet. */
function EndedCost({ session }: { session: EndedSession }) {
  const cdr = useSessionCdr(session);
  if (cdr.isPending) return <Text c="dimmed">Looking for its CDR…</Text>;
  if (cdr.isError)
    return (
      <Text c="red" role="alert">
        The CDR could not be read: {cdr.error.message}
      </Text>
    );
  if (!cdr.data)
    return (
      <Text c="dimmed" data-testid="session-cdr-missing">
        No CDR yet: billing issues it once the session has ended (or no tariff applied).
      </Text>
    );
  const c = cdr.data;
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Amount label="Total excl. tax" value={formatMoney(c.totalExclTax?.amount, c.totalExclTax?.currency ?? c.currency)} />
        <Amount label="Tax" value={formatMoney(c.tax?.amount, c.tax?.currency ?? c.currency)} />
        <Amount
          label="Total incl. tax"
          value={formatMoney(c.totalInclTax?.amount, c.totalInclTax?.currency ?? c.currency)}
          testId="session-cost"
        />
        <div>
          <Text size="xs" c="dimmed">
            Charge detail record
          </Text>
          <Anchor component={Link} to={`/cdrs/${encodeURIComponent(c.cdrId ?? '')}`} size="sm" data-testid="session-cdr-link">
            Open the CDR
          </Anchor>
        </div>
      </SimpleGrid>
      <CostLines lines={c.lines ?? []} />
    </Stack>
  );
}

/** The money side of a session: its running cost while active, its CDR once ended. */
export function SessionBilling({ session, active }: { session: EndedSession; active: boolean }) {
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={4}>{active ? 'Cost so far' : 'Cost'}</Title>
      </Group>
      {active ? <RunningCost sessionId={session.id} /> : <EndedCost session={session} />}
    </Card>
  );
}
