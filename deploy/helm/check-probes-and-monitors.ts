/**
 * Every component of the rendered chart is probed and scraped where it really answers (issue #19):
 *
 *   npx tsx deploy/helm/check-probes-and-monitors.ts <rendered manifests.yaml> [--monitors]
 *
 * For each Deployment's containers: a readiness probe GET /health/ready and a liveness probe GET
 * /health/live (a startup probe, if any, GET /health/live), each on a port the container declares
 * (by name or number) — an exec or TCP probe, or one on an undeclared port, fails. With
 * --monitors, each Deployment must also be scraped: a ServiceMonitor selects a Service that
 * selects the Deployment's pods, and one of its endpoints names a port of that Service whose
 * targetPort is the container port the readiness probe asks (the apps serve /metrics beside
 * /health/*), with path /metrics. A ServiceMonitor that reaches no pod fails too. Exit 1 with
 * every problem.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

type Labels = Record<string, string>;
interface Manifest<S = unknown> {
  kind: string;
  metadata: { name: string; labels?: Labels };
  spec: S;
}
interface HttpProbe {
  httpGet?: { path?: string; port: string | number };
  tcpSocket?: { port: string | number };
  grpc?: { port: number };
  exec?: unknown;
}
interface Container {
  name: string;
  ports?: { name?: string; containerPort: number }[];
  readinessProbe?: HttpProbe;
  livenessProbe?: HttpProbe;
  startupProbe?: HttpProbe;
}
type Deployment = Manifest<{ template: { metadata: { labels?: Labels }; spec: { containers: Container[] } } }>;
type Service = Manifest<{ selector?: Labels; ports: { name?: string; port: number; targetPort?: string | number }[] }>;
type ServiceMonitor = Manifest<{ selector: { matchLabels?: Labels }; endpoints: { port?: string; path?: string }[] }>;

const PROBES = [
  { kind: 'readinessProbe', path: '/health/ready', required: true },
  { kind: 'livenessProbe', path: '/health/live', required: true },
  { kind: 'startupProbe', path: '/health/live', required: false },
] as const;

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  process.stderr.write('usage: check-probes-and-monitors.ts <rendered manifests.yaml> [--monitors]\n');
  process.exit(2);
}
const requireMonitors = args.includes('--monitors');
const objects = parseAllDocuments(readFileSync(file, 'utf8'))
  .map((d) => d.toJS() as Manifest | null)
  .filter((o): o is Manifest => !!o?.kind);
const ofKind = <T extends Manifest>(kind: string): T[] => objects.filter((o) => o.kind === kind) as T[];
const selects = (selector: Labels | undefined, labels: Labels = {}): boolean =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

/** The container port a probe or Service names, if the container declares it. */
function declared(container: Container, port: string | number | undefined): number | undefined {
  const ports = container.ports ?? [];
  if (typeof port === 'number') return ports.some((p) => p.containerPort === port) ? port : undefined;
  return ports.find((p) => p.name !== undefined && p.name === port)?.containerPort;
}

const problems: string[] = [];
const reached = new Set<string>(); // ServiceMonitors that reach some pod
const lines: string[] = [];

for (const deployment of ofKind<Deployment>('Deployment')) {
  const component = deployment.metadata.labels?.['app.kubernetes.io/component'] ?? deployment.metadata.name;
  const podLabels = deployment.spec.template.metadata.labels ?? {};
  for (const container of deployment.spec.template.spec.containers) {
    const where = `${component} (container ${container.name})`;
    const probed = new Map<string, number>();
    for (const { kind, path, required } of PROBES) {
      const probe = container[kind];
      if (!probe) {
        if (required) problems.push(`${where}: no ${kind}`);
        continue;
      }
      if (!probe.httpGet) {
        const handler = Object.keys(probe).find((k) => ['exec', 'tcpSocket', 'grpc'].includes(k)) ?? 'no handler';
        problems.push(`${where}: ${kind} is ${handler}, not GET ${path} on a declared port`);
        continue;
      }
      const port = declared(container, probe.httpGet.port);
      if (port === undefined) problems.push(`${where}: ${kind} on port ${probe.httpGet.port}, which the container does not declare`);
      else if (probe.httpGet.path !== path) problems.push(`${where}: ${kind} asks ${probe.httpGet.path ?? '/'}, not ${path}`);
      else probed.set(kind, port);
    }
    const readyPort = probed.get('readinessProbe');
    let scraped: string | undefined;
    if (requireMonitors) {
      const services = ofKind<Service>('Service').filter((s) => selects(s.spec.selector, podLabels));
      for (const monitor of ofKind<ServiceMonitor>('ServiceMonitor')) {
        for (const service of services.filter((s) => selects(monitor.spec.selector.matchLabels, s.metadata.labels))) {
          for (const endpoint of monitor.spec.endpoints) {
            const servicePort = service.spec.ports.find((p) => p.name !== undefined && p.name === endpoint.port);
            const port = servicePort && declared(container, servicePort.targetPort ?? servicePort.port);
            if (port === undefined) continue;
            reached.add(monitor.metadata.name);
            const path = endpoint.path ?? '/metrics';
            if (path === '/metrics' && port === readyPort) scraped = `${monitor.metadata.name} → Service ${service.metadata.name}:${endpoint.port} → ${port}`;
          }
        }
      }
      if (!scraped) problems.push(`${where}: no ServiceMonitor endpoint scrapes /metrics on its declared port ${readyPort ?? '(no readiness port)'}`);
    }
    lines.push(`${where}: ready and live on ${readyPort ?? '?'}${scraped ? `, scraped by ${scraped}` : ''}`);
  }
}
if (requireMonitors) {
  for (const monitor of ofKind<ServiceMonitor>('ServiceMonitor')) {
    if (!reached.has(monitor.metadata.name)) problems.push(`ServiceMonitor ${monitor.metadata.name}: no endpoint reaches a declared container port`);
  }
}

for (const line of lines) process.stdout.write(`${line}\n`);
if (problems.length > 0) {
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  process.stdout.write(`${problems.length} problem(s)\n`);
  process.exit(1);
}
process.stdout.write(`${lines.length} containers probed on declared ports${requireMonitors ? ' and scraped' : ''}\n`);
