import { parser } from '@prometheus-io/lezer-promql';

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/** What checking one PromQL expression found: syntax and type problems, and the metric names it selects. */
export interface PromqlCheck {
  problems: string[];
  metrics: string[];
}

/** Functions whose argument must be a range vector (`x[5m]` or a subquery), as Prometheus' own type check requires. */
const RANGE_FUNCTIONS = new Set([
  'rate',
  'irate',
  'increase',
  'delta',
  'idelta',
  'deriv',
  'predict_linear',
  'resets',
  'changes',
  'absent_over_time',
  'present_over_time',
  'avg_over_time',
  'min_over_time',
  'max_over_time',
  'sum_over_time',
  'count_over_time',
  'last_over_time',
  'quantile_over_time',
  'stddev_over_time',
  'stdvar_over_time',
  'mad_over_time',
  'holt_winters',
  'double_exponential_smoothing',
]);

/**
 * Checks an expression with Prometheus' own PromQL grammar (@prometheus-io/lezer-promql, the
 * parser of the Prometheus UI): every syntax error, and a range-vector function given an instant
 * vector (which the grammar accepts but Prometheus refuses). Returns the metric names selected.
 */
export function checkPromql(expr: string): PromqlCheck {
  const tree = parser.parse(expr);
  const problems: string[] = [];
  const metrics: string[] = [];
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError) {
        problems.push(
          `syntax error at ${ref.from}: …${expr.slice(Math.max(0, ref.from - 20), ref.from)}⟨here⟩${expr.slice(ref.from, ref.from + 20)}…`,
        );
        return;
      }
      if (ref.name === 'VectorSelector') {
        const identifier = ref.node.getChild('Identifier');
        if (identifier) metrics.push(expr.slice(identifier.from, identifier.to));
      }
      if (ref.name === 'FunctionCall') {
        const name = ref.node.getChild('FunctionIdentifier');
        const fn = name ? expr.slice(name.from, name.to) : '';
        const args = argumentsOf(ref.node);
        const rangeArgument =
          fn === 'quantile_over_time' || fn === 'predict_linear' || fn === 'holt_winters'
            ? args.find((a) => a.name !== 'NumberDurationLiteral')
            : args[0];
        if (RANGE_FUNCTIONS.has(fn) && (!rangeArgument || !['MatrixSelector', 'SubqueryExpr'].includes(unwrap(rangeArgument).name))) {
          problems.push(`${fn}() needs a range vector (e.g. x[5m]): ${expr.slice(ref.from, ref.to)}`);
        }
      }
    },
  });
  return { problems, metrics: [...new Set(metrics)] };
}

/** Grafana's variables replaced by values Prometheus accepts, so that a dashboard's query can be checked. */
export function grafanaQueryToPromql(expr: string): string {
  return expr
    .replace(/\$__rate_interval|\$\{__rate_interval\}/g, '5m')
    .replace(/\$__interval|\$\{__interval\}/g, '1m')
    .replace(/\$__range|\$\{__range\}/g, '1h')
    .replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::[a-z]+)?\}|\$[A-Za-z_][A-Za-z0-9_]*/g, 'value');
}

function argumentsOf(call: SyntaxNode): SyntaxNode[] {
  const body = call.getChild('FunctionCallBody');
  const args: SyntaxNode[] = [];
  for (let child = body?.firstChild ?? null; child; child = child.nextSibling) {
    if (child.name !== '(' && child.name !== ')' && child.name !== ',') args.push(child);
  }
  return args;
}

function unwrap(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.name === 'ParenExpr') {
    let inner: SyntaxNode | null = current.firstChild;
    while (inner && (inner.name === '(' || inner.name === ')')) inner = inner.nextSibling;
    if (!inner) break;
    current = inner;
  }
  return current;
}
