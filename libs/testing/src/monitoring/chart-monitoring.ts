import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { checkPromql, grafanaQueryToPromql } from './promql';

/** The Helm chart's monitoring files: monitoring/alerts.yaml and monitoring/dashboards/*.json. */
export const CHART_MONITORING_DIR = resolve(__dirname, '../../../../helm/voltlane/monitoring');

/** Metrics a rule or dashboard may name that no Voltlane process exports: Prometheus makes `up` itself. */
export const PROMETHEUS_METRICS = new Set(['up']);

export interface AlertRule {
  group: string;
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** One PromQL expression of the chart's monitoring, and where it is. */
export interface MonitoringExpression {
  source: string;
  /** As written (a dashboard's with Grafana variables). */
  written: string;
  /** As Prometheus gets it (Grafana variables replaced). */
  expr: string;
}

/** The alerting rules of a rule file (`groups: [{name, rules}]`, Prometheus' rule-file format). */
export function alertRules(file = join(CHART_MONITORING_DIR, 'alerts.yaml')): AlertRule[] {
  return alertRulesOf(parseYaml(readFileSync(file, 'utf8')) as unknown);
}

/** The alerting rules of a parsed rule file, or of a PrometheusRule's `spec`. */
export function alertRulesOf(document: unknown): AlertRule[] {
  const groups = (document as { groups?: { name: string; rules: Omit<AlertRule, 'group'>[] }[] }).groups ?? [];
  return groups.flatMap((group) =>
    group.rules.map((rule) => ({ group: group.name, ...rule, labels: rule.labels ?? {}, annotations: rule.annotations ?? {} })),
  );
}

/** Every dashboard JSON file of a folder: file name → parsed model. */
export function dashboards(dir = join(CHART_MONITORING_DIR, 'dashboards')): Map<string, unknown> {
  return new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown]),
  );
}

interface DashboardModel {
  title?: string;
  panels?: { title?: string; targets?: { refId?: string; expr?: string }[]; panels?: DashboardModel['panels'] }[];
  templating?: { list?: { name: string; type: string; query?: string | { query?: string } }[] };
}

/** The PromQL of a dashboard: each panel target's `expr`, and the metric of each `label_values(metric, label)` variable. */
export function dashboardExpressions(name: string, model: unknown): MonitoringExpression[] {
  const dashboard = model as DashboardModel;
  const expressions: MonitoringExpression[] = [];
  const visit = (panels: DashboardModel['panels'] = []) => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        if (target.expr !== undefined)
          expressions.push({
            source: `${name}: "${panel.title}" ${target.refId}`,
            written: target.expr,
            expr: grafanaQueryToPromql(target.expr),
          });
      }
      visit(panel.panels);
    }
  };
  visit(dashboard.panels);
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type !== 'query') continue;
    const query = typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? '');
    const labelValues = /^label_values\((.+),\s*[a-zA-Z_]\w*\)$/.exec(query.trim());
    const selector = labelValues?.[1] ?? query;
    expressions.push({ source: `${name}: variable $${variable.name}`, written: query, expr: grafanaQueryToPromql(selector) });
  }
  return expressions;
}

/** Every PromQL expression of the chart's alerts and dashboards. */
export function monitoringExpressions(dir = CHART_MONITORING_DIR): MonitoringExpression[] {
  const rules = alertRules(join(dir, 'alerts.yaml')).map((r) => ({ source: `alerts.yaml: ${r.alert}`, written: r.expr, expr: r.expr }));
  const panels = [...dashboards(join(dir, 'dashboards'))].flatMap(([file, model]) => dashboardExpressions(file, model));
  return [...rules, ...panels];
}

/** The metric names the chart's alerts and dashboards select, each with where it is used. */
export function referencedMetrics(dir = CHART_MONITORING_DIR): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const { source, expr } of monitoringExpressions(dir)) {
    for (const metric of checkPromql(expr).metrics) used.set(metric, [...(used.get(metric) ?? []), source]);
  }
  return used;
}
