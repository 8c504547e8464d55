import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROMETHEUS_METRICS, alertRules, monitoringExpressions, referencedMetrics } from './chart-monitoring';
import { checkPromql, grafanaQueryToPromql } from './promql';

const OPERATIONS = readFileSync(resolve(__dirname, '../../../../docs/operations.md'), 'utf8');

describe("the chart's alerts and dashboards (helm/voltlane/monitoring)", () => {
  const expressions = monitoringExpressions();

  it('has the alerts and the four dashboards the chart promises', () => {
    expect(alertRules().map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'VoltlaneGatewayNotReady',
        'VoltlaneConsumerLag',
        'VoltlaneDeadLetters',
        'VoltlaneCallErrorRate',
        'VoltlaneCdrBacklog',
      ]),
    );
    const sources = new Set(expressions.map((e) => e.source.split(':')[0]));
    expect([...sources].filter((s) => s.endsWith('.json')).sort()).toEqual([
      'voltlane-billing.json',
      'voltlane-gateway.json',
      'voltlane-network.json',
      'voltlane-pipeline.json',
    ]);
  });

  it.each(expressions.map((e) => [e.source, e.expr]))('%s parses as PromQL', (_source, expr) => {
    expect(checkPromql(expr).problems).toEqual([]);
  });

  it.each([
    ['an unclosed call', 'sum(rate(x_total[5m])'],
    ['a dangling operator', 'max(x) >'],
    ['an unclosed selector', 'x{job="a"'],
    ['rate() of an instant vector', 'sum(rate(x_total))'],
    ['a misspelt aggregation modifier', 'sum bye (job) (x)'],
  ])('refuses %s (negative control)', (_what, expr) => {
    expect(checkPromql(expr).problems).not.toEqual([]);
  });

  it("replaces Grafana's variables before parsing", () => {
    expect(grafanaQueryToPromql('rate(x{namespace=~"$namespace",a="${b}"}[$__rate_interval])')).toBe(
      'rate(x{namespace=~"value",a="value"}[5m])',
    );
  });

  it.each(alertRules().map((r) => [r.alert, r]))('%s has a severity, a summary, a description and a runbook section', (alert, rule) => {
    expect(['critical', 'warning']).toContain(rule.labels.severity);
    expect(rule.annotations.summary?.length).toBeGreaterThan(10);
    expect(rule.annotations.description?.length).toBeGreaterThan(30);
    // The chart links each alert to docs/operations.md#<alert in lower case>: a heading named after it.
    expect(OPERATIONS).toMatch(new RegExp(`^### ${alert}$`, 'm'));
  });

  it('names each alert once', () => {
    const names = alertRules().map((r) => r.alert);
    expect(new Set(names).size).toBe(names.length);
  });

  it('documents every Voltlane metric it uses in docs/operations.md', () => {
    const undocumented = [...referencedMetrics().keys()]
      .filter((name) => name.startsWith('voltlane_'))
      .map((name) => name.replace(/_(bucket|count|sum)$/, ''))
      .filter((family) => !OPERATIONS.includes(`\`${family}`));
    expect(undocumented).toEqual([]);
  });

  it('uses no metric of another system but the ones Prometheus makes', () => {
    const foreign = [...referencedMetrics().keys()].filter(
      (name) => !/^(voltlane|process|nodejs)_/.test(name) && !PROMETHEUS_METRICS.has(name),
    );
    expect(foreign).toEqual([]);
  });
});
