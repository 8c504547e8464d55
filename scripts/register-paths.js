// Resolves the `@voltlane/*` path aliases of tsconfig.base.json for the compiled build (dist/),
// because Node does not read tsconfig paths. Load it before the app:
//
//   node -r ./scripts/register-paths.js dist/apps/ocpp-gateway/src/main.js
//
// Each alias maps to its target in tsconfig.base.json with `.ts` → `.js`, under dist/ (or
// VOLTLANE_DIST). Without a tsconfig.base.json (a trimmed image) it falls back to the convention
// `@voltlane/<name>` → dist/libs/<name>/src/index.js, else dist/apps/<name>/src/index.js.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const root = path.resolve(__dirname, '..');
const dist = path.resolve(root, process.env.VOLTLANE_DIST || 'dist');
const PREFIX = '@voltlane/';

function aliasesFromTsconfig() {
  const file = path.join(root, 'tsconfig.base.json');
  if (!fs.existsSync(file)) return new Map();
  const paths = JSON.parse(fs.readFileSync(file, 'utf8')).compilerOptions?.paths ?? {};
  const map = new Map();
  for (const [alias, targets] of Object.entries(paths)) {
    if (!alias.startsWith(PREFIX) || alias.includes('*') || !Array.isArray(targets) || !targets[0]) continue;
    map.set(alias, path.join(dist, targets[0].replace(/\.tsx?$/, '.js')));
  }
  return map;
}

const aliases = aliasesFromTsconfig();

function byConvention(request) {
  const name = request.slice(PREFIX.length);
  if (name.includes('/')) return undefined;
  for (const kind of ['libs', 'apps']) {
    const candidate = path.join(dist, kind, name, 'src', 'index.js');
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveVoltlaneAlias(request, parent, isMain, options) {
  if (typeof request === 'string' && request.startsWith(PREFIX) && request !== '@voltlane/source') {
    const target = aliases.get(request) ?? byConvention(request);
    if (target !== undefined) return originalResolve.call(this, target, parent, isMain, options);
  }
  return originalResolve.call(this, request, parent, isMain, options);
};
