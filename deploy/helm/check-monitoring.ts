/**
 * The chart's alerts and dashboards, as rendered (issue #19):
 *
 *   npx tsx deploy/helm/check-monitoring.ts <rendered manifests.yaml> [--runbook-base URL] [--without Alert,…]
 *
 * The PrometheusRule must hold every alert of helm/voltlane/monitoring/alerts.yaml (less those
 * named by --without), each with a severity, a summary, a description and the runbook_url
 * <base>#<alert in lower case>, and every expression must parse with Prometheus' PromQL grammar.
 * Every ConfigMap labelled grafana_dashboard must hold one dashboard of
 * helm/voltlane/monitoring/dashboards whose queries parse. Exit 1 with every problem.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { alertRules, alertRulesOf, dashboardExpressions, dashboards } from '../../libs/testing/src/monitoring/chart-monitoring';
import { checkPromql } from '../../libs/testing/src/monitoring/promql';

interface Manifest {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: unknown;
  data?: Record<string, string>;
}

const [file, ...flags] = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = flags.indexOf(name);
  return at >= 0 ? flags[at + 1] : undefined;
};
const runbookBase = option('--runbook-base') ?? 'https://github.com/voltlane/voltlane/blob/main/docs/operations.md';
const without = new Set((option('--without') ?? '').split(',').filter(Boolean));
const manifests = parseAllDocuments(readFileSync(file, 'utf8'))
  .map((d) => d.toJS() as Manifest | null)
  .filter((m): m is Manifest => m !== null);
const problems: string[] = [];
let parsed = 0;
const parse = (source: string, expr: string) => {
  parsed++;
  for (const problem of checkPromql(expr).problems) problems.push(`${source}: ${problem}`);
};

const rules = manifests.filter((m) => m.kind === 'PrometheusRule');
if (rules.length !== 1) problems.push(`expected one PrometheusRule, found ${rules.length}`);
const rendered = rules.flatMap((r) => alertRulesOf(r.spec));
const expected = alertRules().map((r) => r.alert).filter((a) => !without.has(a));
const missing = expected.filter((a) => !rendered.some((r) => r.alert === a));
const extra = rendered.filter((r) => !expected.includes(r.alert)).map((r) => r.alert);
if (missing.length > 0) problems.push(`alerts missing from the PrometheusRule: ${missing.join(', ')}`);
if (extra.length > 0) problems.push(`alerts that should not be rendered: ${extra.join(', ')}`);
for (const rule of rendered) {
  const source = `PrometheusRule ${rule.alert}`;
  parse(source, rule.expr);
  if (!['critical', 'warning'].includes(rule.labels.severity)) problems.push(`${source}: severity "${rule.labels.severity}"`);
  for (const key of ['summary', 'description']) if (!rule.annotations[key]) problems.push(`${source}: no ${key}`);
  const runbook = `${runbookBase}#${rule.alert.toLowerCase()}`;
  if (rule.annotations.runbook_url !== runbook) problems.push(`${source}: runbook_url "${rule.annotations.runbook_url}", expected "${runbook}"`);
}

const committed = dashboards();
const maps = manifests.filter((m) => m.kind === 'ConfigMap' && m.metadata.labels?.grafana_dashboard === '1');
const seen = new Set<string>();
for (const map of maps) {
  for (const [key, text] of Object.entries(map.data ?? {})) {
    seen.add(key);
    let model: unknown;
    try {
      model = JSON.parse(text);
    } catch (error) {
      problems.push(`ConfigMap ${map.metadata.name}: ${key} is not JSON (${(error as Error).message})`);
      continue;
    }
    if (JSON.stringify(model) !== JSON.stringify(committed.get(key))) problems.push(`ConfigMap ${map.metadata.name}: ${key} differs from the chart's file`);
    for (const { source, expr } of dashboardExpressions(key, model)) parse(`ConfigMap ${map.metadata.name} ${source}`, expr);
  }
}
const absent = [...committed.keys()].filter((k) => !seen.has(k));
if (absent.length > 0) problems.push(`dashboards without a ConfigMap labelled grafana_dashboard="1": ${absent.join(', ')}`);

for (const problem of problems) console.log(problem);
console.log(
  problems.length === 0
    ? `${rendered.length} alerts and ${maps.length} dashboards, ${parsed} PromQL expressions parsed`
    : `${problems.length} problem(s)`,
);
process.exit(problems.length === 0 ? 0 : 1);
