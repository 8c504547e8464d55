import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useApi } from '../../auth/auth-context';
import { QueryState } from '../../components/query-state';
import { downloadText } from '../../util/csv';
import { ReportCharts } from './report-charts';
import { ReportBucketTable, ReportTotalsGrid } from './report-figures';
import type { PeriodRange } from './report-period';
import { fetchReport, fetchReportCsv, fetchStationTotals, type ReportTarget } from './report-requests';
import { totalsOf } from './report-totals';
import { StationRanking } from './station-ranking';

function targetKey(target: ReportTarget): string[] {
  switch (target.kind) {
    case 'network':
      return ['network'];
    case 'station':
      return ['station', target.stationId];
    case 'site':
      return ['site', target.siteId, target.stationIds.join(',')];
  }
}

function fileName(target: ReportTarget, range: PeriodRange): string {
  const what = target.kind === 'network' ? 'network' : target.kind === 'station' ? `station-${target.stationId}` : `site-${target.siteId}`;
  return `report-${what.replace(/[^A-Za-z0-9_.-]/g, '_')}-${range.from}-${range.to}.csv`;
}

/** One report: totals, charts, the figures per bucket, and (network, site) the stations ranked. */
export function ReportBody({
  target,
  range,
  timeZone,
  reportLink,
}: {
  target: ReportTarget;
  range: PeriodRange;
  timeZone: string;
  reportLink: (stationId: string) => string;
}) {
  const api = useApi();
  const key = [...targetKey(target), range.from, range.to, timeZone];
  const report = useQuery({
    queryKey: ['reports', 'buckets', range.bucket, ...key],
    placeholderData: keepPreviousData,
    queryFn: async () => fetchReport(api, target, range, timeZone),
  });
  const ranking = useQuery({
    queryKey: ['reports', 'stations', range.totalBucket, ...key],
    enabled: target.kind !== 'station',
    placeholderData: keepPreviousData,
    queryFn: async () => fetchStationTotals(api, target, range, timeZone),
  });
  const csv = useMutation({
    mutationFn: async () => fetchReportCsv(api, target, range, timeZone),
    onSuccess: (text) => downloadText(fileName(target, range), text),
  });
  return (
    <Stack>
      <QueryState query={report}>
        {(data) => (
          <Stack>
            <Group justify="space-between">
              <Text size="sm" c="dimmed" data-testid="report-scope-summary">
                {target.kind === 'station'
                  ? `Station ${target.stationId}`
                  : `${data.stationIds.length} station${data.stationIds.length === 1 ? '' : 's'}`}{' '}
                · {data.buckets.length} bucket{data.buckets.length === 1 ? '' : 's'} · {data.timeZone ?? timeZone}
              </Text>
              <Button variant="default" size="xs" onClick={() => csv.mutate()} loading={csv.isPending}>
                Download CSV
              </Button>
            </Group>
            {csv.isError && (
              <Alert color="red" title="Could not download" role="alert">
                {csv.error.message}
              </Alert>
            )}
            <ReportTotalsGrid totals={totalsOf(data.buckets)} />
            <ReportCharts buckets={data.buckets} bucket={range.bucket} />
            <Title order={4}>Per {range.bucket}</Title>
            <ReportBucketTable buckets={data.buckets} bucket={range.bucket} />
          </Stack>
        )}
      </QueryState>
      {target.kind !== 'station' && (
        <QueryState query={ranking}>{(items) => <StationRanking items={items} reportLink={reportLink} />}</QueryState>
      )}
    </Stack>
  );
}
