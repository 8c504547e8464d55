import { Button, Group, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { PageTitle } from '../../components/page-title';
import { ReportBody } from './report-body';
import { isPeriod, localToday, parseDate, PERIODS, periodRange, shiftPeriod, type Period } from './report-period';
import { SiteReport, StationPicker } from './report-scope-pickers';

type Scope = 'network' | 'station' | 'site';
const SCOPES: { value: Scope; label: string }[] = [
  { value: 'network', label: 'Network' },
  { value: 'station', label: 'Station' },
  { value: 'site', label: 'Site' },
];

function isScope(value: string | null): value is Scope {
  return value === 'network' || value === 'station' || value === 'site';
}

/**
 * Energy, sessions, utilisation, uptime, faults and revenue over a day, week, month or year (in
 * the browser's time zone), for the network, one station or one site; the state is in the URL
 * (?scope=&station=&site=&period=&date=), so a report can be linked.
 */
export function ReportsPage() {
  const [search, setSearch] = useSearchParams();
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const station = search.get('station') || null;
  const site = search.get('site') || null;
  const askedScope = search.get('scope');
  const scope: Scope = isScope(askedScope) ? askedScope : station ? 'station' : site ? 'site' : 'network';
  const askedPeriod = search.get('period');
  const period: Period = isPeriod(askedPeriod) ? askedPeriod : 'week';
  const today = localToday();
  const date = parseDate(search.get('date')) ? search.get('date')! : today;
  const range = periodRange(period, date);
  const current = range.from <= today && today < range.to;

  const update = (patch: Record<string, string | null>): void =>
    setSearch(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(patch)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );
  const reportLink = (stationId: string): string =>
    `/reports?${new URLSearchParams({ scope: 'station', station: stationId, period, date: range.from }).toString()}`;

  return (
    <>
      <PageTitle>Reports</PageTitle>
      <Stack>
        <Group align="end" wrap="wrap">
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Scope
            </Text>
            <SegmentedControl aria-label="Scope" data={SCOPES} value={scope} onChange={(value) => update({ scope: value })} />
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Period
            </Text>
            <SegmentedControl aria-label="Period" data={PERIODS} value={period} onChange={(value) => update({ period: value })} />
          </Stack>
          <Group gap="xs" align="end">
            <Button variant="default" onClick={() => update({ date: shiftPeriod(period, date, -1) })}>
              ‹ Previous
            </Button>
            <Button variant="default" onClick={() => update({ date: null })} disabled={current && !search.get('date')}>
              Current
            </Button>
            <Button variant="default" onClick={() => update({ date: shiftPeriod(period, date, 1) })} disabled={current}>
              Next ›
            </Button>
            <TextInput
              type="date"
              label="Go to date"
              value={date}
              onChange={(e) => {
                const value = e.currentTarget.value;
                if (parseDate(value)) update({ date: value });
              }}
              w={160}
            />
          </Group>
        </Group>
        <Group gap="xs" align="baseline">
          <Title order={3} data-testid="report-period-label">
            {range.label}
          </Title>
          <Text size="sm" c="dimmed">
            {range.from} to {range.to} (exclusive), {timeZone}, per {range.bucket}
          </Text>
        </Group>
        {scope === 'network' && <ReportBody target={{ kind: 'network' }} range={range} timeZone={timeZone} reportLink={reportLink} />}
        {scope === 'station' && (
          <>
            <StationPicker key={station ?? ""} value={station} onChange={(value) => update({ station: value })} />
            {station ? (
              <ReportBody target={{ kind: 'station', stationId: station }} range={range} timeZone={timeZone} reportLink={reportLink} />
            ) : (
              <Text c="dimmed">Choose a station to report on.</Text>
            )}
          </>
        )}
        {scope === 'site' && (
          <SiteReport siteId={site} onSite={(value) => update({ site: value })} range={range} timeZone={timeZone} reportLink={reportLink} />
        )}
      </Stack>
    </>
  );
}
