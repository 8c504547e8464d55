#!/usr/bin/env node
// Static checks of the repo's Dockerfile (no Docker engine needed): every COPY source from the
// build context exists and is not excluded by .dockerignore, the stages named by --from exist,
// the default APP has an apps/<APP>/src/main.ts, the inline healthcheck script parses, and the
// `build` npm script and tsconfig.build.json it uses are there. Exit 1 on any failure.
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
for (const ins of instructions) {
  const m = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(ins);
  if (m && m[1]) stages.add(m[1]);
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

const health = heredocs.find((h) => h.line.includes('healthcheck.js'));
if (!health) fail('no inline healthcheck.js');
else {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hc-')), 'healthcheck.js');
  fs.writeFileSync(file, health.body);
  try {
    execFileSync(process.execPath, ['--check', file], { stdio: 'pipe' });
  } catch (e) {
    fail(`healthcheck.js does not parse: ${e.stderr}`);
  }
  if (process.argv[2] === '--print-healthcheck') process.stdout.write(file + '\n');
}

if (failures.length) {
  for (const f of failures) process.stderr.write(`Dockerfile: ${f}\n`);
  process.exit(1);
}
process.stderr.write(`Dockerfile: ${stages.size} stages, ${copies} context sources present and not ignored, healthcheck parses\n`);
