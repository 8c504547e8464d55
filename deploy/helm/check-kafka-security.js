// Checks a rendered chart (helm template output) for the Kafka client security of
// infra.kafka.security (deploy/helm/check-chart.sh runs it):
//
//   node deploy/helm/check-kafka-security.js RENDERED.yaml VARIABLE...
//
// Every Kafka client — each Deployment container that gets KAFKA_BROKERS (the gateway and every
// service) — must have each VARIABLE; the SASL user name and password may come only from a
// Secret or (the user name) a plain value, never a password in plain text; every *_FILE must be
// a key of a Secret projected into the read-only TLS volume. Containers without KAFKA_BROKERS (the api-edge,
// the migration Job) must have no KAFKA_* at all. Exit 0 and a summary line, or 1 with the problems.
const fs = require('node:fs');
const yaml = require('yaml');

const [file, ...wanted] = process.argv.slice(2);
const MOUNT = '/etc/voltlane/kafka-tls';
const objects = yaml
  .parseAllDocuments(fs.readFileSync(file, 'utf8'))
  .map((d) => d.toJS())
  .filter(Boolean);
const problems = [];
let clients = 0;

for (const o of objects.filter((x) => x.kind === 'Deployment' || x.kind === 'Job')) {
  const spec = o.spec.template.spec;
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    const where = `${o.kind} ${o.metadata.name}, container ${c.name}`;
    const env = new Map((c.env ?? []).map((e) => [e.name, e]));
    if (!env.has('KAFKA_BROKERS')) {
      const stray = [...env.keys()].filter((n) => n.startsWith('KAFKA_'));
      if (stray.length > 0) problems.push(`${where}: ${stray.join(', ')} without KAFKA_BROKERS`);
      if (o.kind === 'Deployment' && !o.metadata.name.endsWith('-api-edge')) problems.push(`${where}: no KAFKA_BROKERS`);
      continue;
    }
    clients += 1;
    for (const name of wanted) if (!env.has(name)) problems.push(`${where}: no ${name}`);
    const password = env.get('KAFKA_SASL_PASSWORD');
    if (password && !password.valueFrom?.secretKeyRef?.name) problems.push(`${where}: KAFKA_SASL_PASSWORD is not from a Secret`);
    const files = [...env.values()].filter((e) => /^KAFKA_SSL_.*_FILE$/.test(e.name));
    if (files.length === 0) continue;
    const mount = (c.volumeMounts ?? []).find((m) => m.mountPath === MOUNT);
    const volume = mount && (spec.volumes ?? []).find((v) => v.name === mount.name);
    // path in the volume → "Secret/key" it comes from
    const projected = new Map(
      (volume?.projected?.sources ?? []).flatMap((src) => (src.secret?.items ?? []).map((i) => [i.path, `${src.secret.name}/${i.key}`])),
    );
    if (!mount?.readOnly || projected.size === 0) problems.push(`${where}: no read-only Secret volume at ${MOUNT}`);
    for (const e of files) {
      const path = e.value?.startsWith(`${MOUNT}/`) ? e.value.slice(MOUNT.length + 1) : undefined;
      if (path === undefined || !projected.has(path)) problems.push(`${where}: ${e.name}=${e.value} is no key of a mounted Secret`);
    }
  }
}
if (clients === 0) problems.push('no container with KAFKA_BROKERS');

if (problems.length > 0) {
  for (const p of problems) console.log(p);
  console.log(`${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`${clients} Kafka clients, each with ${wanted.length > 0 ? wanted.join(', ') : 'no security variables'}`);
