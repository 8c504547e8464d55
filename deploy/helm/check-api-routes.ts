/**
 * The chart routes every operation of the operator API to the service that owns it (issue #16):
 *
 *   npx tsx deploy/helm/check-api-routes.ts <rendered manifests.yaml> docs/openapi.json
 *
 * For each operation of the merged document (method, path, `x-voltlane-service` owner), with its
 * path parameters filled in, it follows what Kubernetes would do with the rendered manifests:
 * the Ingress rule whose prefix matches (longest first) → that Service → the Deployment its
 * selector picks → which must be the api-edge; then the edge's route table, built by the edge's
 * own code from the per-service parts of the document, → the owner → its URL in the edge's
 * API_EDGE_UPSTREAMS → the Service of that host and port → the Deployment it selects, whose
 * image must be the owner's app listening on the port the Service targets. Exit 1 with every
 * operation that does not arrive.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { OWNER_EXTENSION } from '../../libs/api-kit/src/edge/merge-documents';
import { HTTP_METHODS, RouteTable, type OpenApiLike } from '../../libs/api-kit/src/edge/route-table';
import { parseUpstreams } from '../../libs/api-kit/src/edge/upstreams';

interface Manifest<S = unknown> {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: S;
}
interface Container {
  image: string;
  env?: { name: string; value?: string }[];
  ports?: { name?: string; containerPort: number }[];
}
type Service = Manifest<{ selector: Record<string, string>; ports: { name?: string; port: number; targetPort: string | number }[] }>;
type Deployment = Manifest<{ template: { metadata: { labels?: Record<string, string> }; spec: { containers: Container[] } } }>;
interface IngressPath {
  path: string;
  pathType: string;
  backend: { service: { name: string; port: { name?: string; number?: number } } };
}
type Ingress = Manifest<{ rules: { http?: { paths: IngressPath[] } }[] }>;
type Operation = Record<string, unknown>;

const [manifestFile, documentFile] = process.argv.slice(2);
if (!manifestFile || !documentFile) {
  process.stderr.write('usage: check-api-routes.ts <rendered manifests.yaml> <openapi.json>\n');
  process.exit(2);
}
const objects = parseAllDocuments(readFileSync(manifestFile, 'utf8'))
  .map((d) => d.toJS() as Manifest | null)
  .filter((o): o is Manifest => !!o?.kind);
const document = JSON.parse(readFileSync(documentFile, 'utf8')) as { paths: Record<string, Record<string, Operation>> };

const ofKind = <T extends Manifest>(kind: string): T[] => objects.filter((o) => o.kind === kind) as T[];
const services = ofKind<Service>('Service');
const deployments = ofKind<Deployment>('Deployment');
const ingresses = ofKind<Ingress>('Ingress');
const selects = (selector: Record<string, string>, labels: Record<string, string> = {}): boolean => Object.entries(selector).every(([k, v]) => labels[k] === v);

/** The Deployment behind a Service name and port: its container, the container port it reaches, and the app of its image. */
function behind(serviceName: string, port: number | string): { deployment: Deployment; container: Container; containerPort: number; app: string } | string {
  const service = services.find((s) => s.metadata.name === serviceName);
  if (!service) return `no Service ${serviceName}`;
  const servicePort = service.spec.ports.find((p) => p.port === port || p.name === port);
  if (!servicePort) return `Service ${serviceName} has no port ${port}`;
  const picked = deployments.filter((d) => selects(service.spec.selector, d.spec.template.metadata.labels));
  if (picked.length !== 1) return `Service ${serviceName} selects ${picked.length} Deployments`;
  const deployment = picked[0];
  for (const container of deployment.spec.template.spec.containers) {
    const target = container.ports?.find((p) => p.name === servicePort.targetPort || p.containerPort === servicePort.targetPort);
    if (!target) continue;
    const app = String(container.image).replace(/:[^/:]*$/, '').split('/').pop()!;
    return { deployment, container, containerPort: target.containerPort, app };
  }
  return `no container of Deployment ${deployment.metadata.name} listens on Service ${serviceName}'s target port ${servicePort.targetPort}`;
}

const envOf = (container: Container, name: string): string | undefined => container.env?.find((e) => e.name === name)?.value;

/** The backend of the longest Prefix/Exact ingress path matching `path` (Kubernetes' rules). */
function ingressBackend(path: string): { service: string; port: number | string } | undefined {
  let best: { length: number; backend: IngressPath['backend'] } | undefined;
  for (const ingress of ingresses) {
    for (const rule of ingress.spec.rules) {
      for (const p of rule.http?.paths ?? []) {
        const prefix = p.path.replace(/\/+$/, '');
        const hit = p.pathType === 'Exact' ? path === p.path : path === prefix || path.startsWith(`${prefix}/`) || prefix === '';
        if (hit && (!best || prefix.length > best.length)) best = { length: prefix.length, backend: p.backend };
      }
    }
  }
  if (!best) return undefined;
  const s = best.backend.service;
  return { service: s.name, port: s.port.name ?? s.port.number ?? 80 };
}

const failures: string[] = [];
if (ingresses.length === 0) failures.push('no Ingress rendered (render with apiIngress.enabled=true)');

// The per-service documents the edge would read, recovered from the merged one.
const perService = new Map<string, OpenApiLike & { paths: Record<string, Operation> }>();
const operations: { method: string; template: string; owner: string }[] = [];
for (const [template, item] of Object.entries(document.paths)) {
  for (const method of HTTP_METHODS) {
    const op = item[method];
    if (!op) continue;
    const owner = typeof op[OWNER_EXTENSION] === 'string' ? op[OWNER_EXTENSION] : '';
    if (!owner) failures.push(`${method.toUpperCase()} ${template}: no ${OWNER_EXTENSION} in the document`);
    operations.push({ method, template, owner });
    const doc = perService.get(owner) ?? { paths: {} };
    ((doc.paths[template] ??= {}) as Record<string, Operation>)[method] = op;
    perService.set(owner, doc);
  }
}

const reached = new Map<string, number>();
const edges = new Map<string, { table: RouteTable; upstreams: ReturnType<typeof parseUpstreams> }>();
for (const { method, template, owner } of operations) {
  const path = template.replace(/\{[^}]+\}/g, 'p1');
  const label = `${method.toUpperCase()} ${template} (owner ${owner})`;
  const backend = ingressBackend(path);
  if (!backend) {
    failures.push(`${label}: no ingress path matches ${path}`);
    continue;
  }
  const front = behind(backend.service, backend.port);
  if (typeof front === 'string') {
    failures.push(`${label}: ingress → ${front}`);
    continue;
  }
  if (front.app !== 'api-edge') {
    failures.push(`${label}: the ingress sends ${path} to ${front.app}, not to the api-edge`);
    continue;
  }
  let edge = edges.get(front.deployment.metadata.name);
  if (!edge) {
    const raw = envOf(front.container, 'API_EDGE_UPSTREAMS') ?? '';
    const upstreams = parseUpstreams(raw);
    // The edge serves the documents of the services it was given, in that order.
    edge = { upstreams, table: new RouteTable(upstreams.filter((u) => perService.has(u.name)).map((u) => ({ service: u.name, document: perService.get(u.name)! }))) };
    edges.set(front.deployment.metadata.name, edge);
  }
  const apiPort = Number(envOf(front.container, 'API_PORT') ?? 8080);
  if (apiPort !== front.containerPort) failures.push(`${label}: the api-edge listens on ${apiPort}, its Service targets ${front.containerPort}`);
  const lookup = edge.table.lookup(method, path);
  if (!('found' in lookup)) {
    failures.push(`${label}: the api-edge has no route for it (${lookup.status}); is ${owner} in API_EDGE_UPSTREAMS?`);
    continue;
  }
  const to = lookup.found.service;
  if (!lookup.found.services.includes(owner) && to !== owner) {
    failures.push(`${label}: the api-edge routes it to ${to}`);
    continue;
  }
  const upstream = edge.upstreams.find((u) => u.name === to)!;
  const target = behind(upstream.url.hostname, Number(upstream.url.port || 80));
  if (typeof target === 'string') {
    failures.push(`${label}: api-edge → ${upstream.url.href}: ${target}`);
    continue;
  }
  if (target.app !== `${to}-service`) {
    failures.push(`${label}: ${upstream.url.href} reaches the app ${target.app}, not ${to}-service`);
    continue;
  }
  const listens = Number(envOf(target.container, 'API_PORT') ?? 8080);
  if (listens !== target.containerPort) failures.push(`${label}: ${target.app} listens on ${listens}, its Service targets ${target.containerPort}`);
  reached.set(to, (reached.get(to) ?? 0) + 1);
}

// The operator console: the ingress sends the app's pages (every path outside the API) to an
// api-edge that serves the console's build (CONSOLE_DIR not `none`).
for (const page of ['/', '/stations/p1']) {
  const backend = ingressBackend(page);
  const front = backend ? behind(backend.service, backend.port) : 'no ingress path';
  if (typeof front === 'string') failures.push(`console ${page}: ${front}`);
  else if (front.app !== 'api-edge') failures.push(`console ${page}: the ingress sends it to ${front.app}, not to the api-edge`);
  else if ((envOf(front.container, 'CONSOLE_DIR') ?? 'dist/console') === 'none') failures.push(`console ${page}: the api-edge serves no console (CONSOLE_DIR=none)`);
}

if (operations.length === 0) failures.push('the document has no operations');
for (const f of failures) process.stderr.write(`  ${f}\n`);
const summary = [...reached.entries()].map(([s, n]) => `${s} ${n}`).join(', ');
process.stdout.write(`${[...reached.values()].reduce((a, n) => a + n, 0)} of ${operations.length} operations reach their service (${summary}); ${failures.length} do not\n`);
process.exit(failures.length ? 1 : 0);
