import { Anchor, Badge, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { OperatorApiSchemas } from '@voltlane/operator-api-client';
import { Link, useParams } from 'react-router';
import { useApi } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { JsonBlock } from '../../components/json-block';
import { PageTitle } from '../../components/page-title';
import { QueryState } from '../../components/query-state';
import { formatDateTime, formatDuration, formatKwh, formatMoney } from '../../util/format';
import { CostLines } from './cost-lines';
import { Fact } from '../../components/fact';

/** A CDR exactly as billing.cdrs.v1 carries it. */
type Cdr = OperatorApiSchemas['GetCdrResponse'];

function minutes(value: number | undefined): string {
  return value === undefined ? '—' : `${Math.round(value / 60)} min`;
}

const ASSIGNMENTS: Record<string, string> = {
  customerGroup: "the customer's group",
  station: 'the station',
  default: 'the default tariff',
};

/** One charge detail record: where and when, energy, totals with tax, the tariff, the price lines, and the record itself. */
export function CdrPage() {
  const { cdrId = '' } = useParams();
  const api = useApi();
  const cdr = useQuery({
    queryKey: ['cdrs', 'one', cdrId],
    queryFn: async (): Promise<Cdr> => unwrap(await api.GET('/api/v1/cdrs/{cdrId}', { params: { path: { cdrId } } })),
  });
  return (
    <>
      <PageTitle>
        <Anchor component={Link} to="/cdrs" size="sm" mr="xs">
          CDRs /
        </Anchor>
        {cdrId}
      </PageTitle>
      <QueryState query={cdr}>
        {(c) => {
          const money = (m: { amount?: string; currency?: string } | undefined): string =>
            formatMoney(m?.amount, m?.currency ?? c.currency);
          return (
            <Stack>
              <Card withBorder>
                <SimpleGrid cols={{ base: 2, sm: 4 }}>
                  <Fact label="Station" testId="cdr-station">
                    {c.stationId ? (
                      <Anchor component={Link} to={`/stations/${encodeURIComponent(c.stationId)}`} size="sm">
                        {c.stationId}
                      </Anchor>
                    ) : (
                      '—'
                    )}
                  </Fact>
                  <Fact label="Session">
                    {c.sessionId ? (
                      <Anchor component={Link} to={`/sessions/${encodeURIComponent(c.sessionId)}`} size="sm" data-testid="cdr-session-link">
                        {c.sessionId}
                      </Anchor>
                    ) : (
                      '—'
                    )}
                  </Fact>
                  <Fact label="EVSE / connector">
                    {[c.evseId, c.connectorId].filter((n) => n !== null && n !== undefined).join(' / ') || '—'}
                  </Fact>
                  <Fact label="Protocol / transaction">
                    {c.protocol ?? '—'} / {c.transactionRef ?? '—'}
                  </Fact>
                  <Fact label="Started" testId="cdr-started">
                    {formatDateTime(c.startedAt)}
                  </Fact>
                  <Fact label="Ended" testId="cdr-ended">
                    {formatDateTime(c.endedAt)}
                  </Fact>
                  <Fact label="Duration (charging / idle)">
                    {c.startedAt ? formatDuration(c.startedAt, c.endedAt) : '—'} ({minutes(c.chargingSeconds)} / {minutes(c.idleSeconds)})
                  </Fact>
                  <Fact label="Energy" testId="cdr-energy">
                    {formatKwh(c.energyWh, 3)}
                  </Fact>
                  <Fact label="Token key">{c.idTokenKey ?? '—'}</Fact>
                  <Fact label="Customer">
                    {c.customerId ? (
                      <Anchor component={Link} to={`/customers/${encodeURIComponent(c.customerId)}`} size="sm">
                        {c.customerId}
                      </Anchor>
                    ) : (
                      '—'
                    )}
                    {c.customerGroup ? ` (group ${c.customerGroup})` : ''}
                  </Fact>
                  <Fact label="Meter start / stop">
                    {formatKwh(c.meterStartWh, 3)} / {formatKwh(c.meterStopWh, 3)}
                  </Fact>
                  <Fact label="Stopped because">{c.stoppedReason ?? '—'}</Fact>
                  <Fact label="Issued">{formatDateTime(c.issuedAt)}</Fact>
                  <Fact label="Anomalies">
                    {c.anomalous ? (
                      <Badge color="orange" variant="light" data-testid="cdr-anomalies">
                        {(c.anomalies ?? []).join(', ') || 'yes'}
                      </Badge>
                    ) : (
                      'none'
                    )}
                  </Fact>
                </SimpleGrid>
              </Card>
              <Card withBorder>
                <Title order={4} mb="xs">
                  Amounts ({c.currency ?? '—'})
                </Title>
                <SimpleGrid cols={{ base: 2, sm: 4 }} mb="sm">
                  <Fact label="Subtotal">{money(c.subtotal)}</Fact>
                  <Fact label="Total excl. tax" testId="cdr-total-excl">
                    {money(c.totalExclTax)}
                  </Fact>
                  <Fact label={`Tax${c.tariff?.taxRatePercent ? ` (${c.tariff.taxRatePercent} %)` : ''}`} testId="cdr-tax">
                    {money(c.tax)}
                  </Fact>
                  <Fact label="Total incl. tax" testId="cdr-total-incl">
                    <Text fw={700} span>
                      {money(c.totalInclTax)}
                    </Text>
                  </Fact>
                </SimpleGrid>
                <CostLines lines={c.lines ?? []} />
              </Card>
              <Card withBorder data-testid="cdr-tariff">
                <Title order={4} mb="xs">
                  Tariff
                </Title>
                <SimpleGrid cols={{ base: 2, sm: 4 }}>
                  <Fact label="Tariff">
                    <Anchor component={Link} to={`/tariffs/${encodeURIComponent(c.tariff.id)}`} size="sm">
                      {c.tariff.name || c.tariff.id}
                    </Anchor>
                  </Fact>
                  <Fact label="Version">{c.tariff.version}</Fact>
                  <Fact label="Chosen by">{ASSIGNMENTS[c.tariff.assignment] ?? c.tariff.assignment}</Fact>
                  <Fact label="Tax rate">{c.tariff.taxRatePercent} %</Fact>
                  <Fact label="Time zone (bands)">{c.tariff.timeZone}</Fact>
                  <Fact label="Rounding">{c.tariff.rounding}</Fact>
                </SimpleGrid>
              </Card>
              <Card withBorder>
                <details>
                  <summary>
                    <Text span fw={600}>
                      The record as published (billing.cdrs.v1)
                    </Text>
                  </summary>
                  <JsonBlock value={c} maxHeight={480} />
                </details>
              </Card>
            </Stack>
          );
        }}
      </QueryState>
    </>
  );
}
