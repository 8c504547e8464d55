/**
 * A small builder for the Grafana dashboards of the Helm chart (helm/voltlane/monitoring/dashboards):
 * panels are declared in rows of a fixed grid, every query goes to the `$datasource` variable, and
 * every selector is scoped to the `$namespace` variable (`m()`).
 */

/** A metric selector scoped to the chosen namespaces: m('voltlane_x', 'app="y"') → voltlane_x{namespace=~"$namespace",app="y"}. */
export function m(name: string, matchers = ''): string {
  return `${name}{namespace=~"$namespace"${matchers ? `,${matchers}` : ''}}`;
}

/** rate() over Grafana's rate interval. */
export function rate(selector: string): string {
  return `rate(${selector}[$__rate_interval])`;
}

/** A quantile of a histogram's `_bucket` series, by `by` labels (besides `le`). */
export function quantile(q: number, histogram: string, by: string[] = [], matchers = ''): string {
  return `histogram_quantile(${q}, sum by (${['le', ...by].join(', ')}) (${rate(m(`${histogram}_bucket`, matchers))}))`;
}

export interface Query {
  expr: string;
  legend?: string;
}

export interface PanelSpec {
  title: string;
  description: string;
  kind: 'stat' | 'timeseries';
  unit?: string;
  queries: Query[];
  /** Grid width out of 24 (stat: 6, timeseries: 12 by default). */
  width?: number;
  /** Stat panels: thresholds above which the value turns orange, then red. */
  thresholds?: [number, number];
  stacked?: boolean;
}

export interface RowSpec {
  title: string;
  panels: PanelSpec[];
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  rows: RowSpec[];
}

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

/** The Grafana dashboard JSON model of a spec (schemaVersion 39). */
export function buildDashboard(spec: DashboardSpec): Record<string, unknown> {
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  let y = 0;
  for (const row of spec.rows) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { x: 0, y, w: 24, h: 1 }, panels: [] });
    y += 1;
    let x = 0;
    let rowHeight = 0;
    for (const panel of row.panels) {
      const w = panel.width ?? (panel.kind === 'stat' ? 6 : 12);
      const h = panel.kind === 'stat' ? 4 : 8;
      if (x + w > 24) {
        x = 0;
        y += rowHeight;
        rowHeight = 0;
      }
      panels.push(buildPanel(panel, id++, { x, y, w, h }));
      x += w;
      rowHeight = Math.max(rowHeight, h);
    }
    y += rowHeight;
  }
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: ['voltlane'],
    timezone: 'browser',
    editable: true,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    links: [{ type: 'dashboards', tags: ['voltlane'], asDropdown: true, title: 'Voltlane', includeVars: true, keepTime: true }],
    templating: {
      list: [
        { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', hide: 0, refresh: 1, current: {} },
        {
          name: 'namespace',
          label: 'Namespace',
          type: 'query',
          datasource: DATASOURCE,
          definition: 'label_values(process_start_time_seconds, namespace)',
          query: { query: 'label_values(process_start_time_seconds, namespace)', refId: 'namespace' },
          refresh: 2,
          includeAll: true,
          allValue: '.*',
          multi: true,
          current: { selected: true, text: ['All'], value: ['$__all'] },
          hide: 0,
          sort: 1,
        },
      ],
    },
    annotations: { list: [] },
    panels,
  };
}

function buildPanel(panel: PanelSpec, id: number, gridPos: { x: number; y: number; w: number; h: number }): Record<string, unknown> {
  const targets = panel.queries.map((q, i) => ({
    refId: String.fromCharCode(65 + i),
    datasource: DATASOURCE,
    expr: q.expr,
    legendFormat: q.legend ?? '__auto',
    ...(panel.kind === 'stat' ? { instant: true, range: false } : { range: true }),
  }));
  const steps = panel.thresholds
    ? [
        { color: 'green', value: null },
        { color: 'orange', value: panel.thresholds[0] },
        { color: 'red', value: panel.thresholds[1] },
      ]
    : [{ color: 'green', value: null }];
  const defaults = { unit: panel.unit ?? 'short', thresholds: { mode: 'absolute', steps } };
  return {
    id,
    type: panel.kind,
    title: panel.title,
    description: panel.description,
    datasource: DATASOURCE,
    gridPos,
    targets,
    fieldConfig:
      panel.kind === 'stat'
        ? { defaults: { ...defaults, color: { mode: 'thresholds' } }, overrides: [] }
        : {
            defaults: {
              ...defaults,
              custom: {
                drawStyle: 'line',
                lineWidth: 1,
                fillOpacity: panel.stacked ? 30 : 10,
                stacking: { mode: panel.stacked ? 'normal' : 'none' },
              },
            },
            overrides: [],
          },
    options:
      panel.kind === 'stat'
        ? { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'none', textMode: 'auto' }
        : { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
  };
}

/** A time-series panel. */
export const ts = (
  title: string,
  description: string,
  unit: string,
  queries: PanelSpec['queries'],
  more: Partial<PanelSpec> = {},
): PanelSpec => ({
  kind: 'timeseries',
  title,
  description,
  unit,
  queries,
  ...more,
});
/** A stat panel (the last value of one query). */
export const stat = (title: string, description: string, unit: string, expr: string, thresholds?: [number, number]): PanelSpec => ({
  kind: 'stat',
  title,
  description,
  unit,
  queries: [{ expr }],
  ...(thresholds ? { thresholds } : {}),
});

/** Process health of one app (every Voltlane process exports Node's default metrics). */
export function processPanels(app: string): PanelSpec[] {
  return [
    ts('CPU', 'CPU seconds per second, by instance.', 'percentunit', [
      { expr: `sum by (instance) (${rate(m('process_cpu_seconds_total', app))})`, legend: '{{instance}}' },
    ]),
    ts('Memory and event loop', 'Resident memory and the p99 event-loop lag, by instance.', 'bytes', [
      { expr: `sum by (instance) (${m('process_resident_memory_bytes', app)})`, legend: 'RSS {{instance}}' },
      { expr: `max by (instance) (${m('nodejs_eventloop_lag_p99_seconds', app)}) * 1e9`, legend: 'event-loop lag p99 (ns) {{instance}}' },
    ]),
  ];
}
