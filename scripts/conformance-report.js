#!/usr/bin/env node
// Prints the OCTT coverage of the conformance suites (tests named `TC_...`) from Jest's JSON
// results, and writes it to reports/conformance.md: test case → pass/fail, per version.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const input = process.argv[2] || 'reports/jest.json';
const results = JSON.parse(fs.readFileSync(input, 'utf8'));
const rows = [];
for (const suite of results.testResults) {
  const version = /conformance\/(ocpp\d+)/.exec(suite.name)?.[1];
  if (!version) continue;
  for (const test of suite.assertionResults) {
    const match = /^(TC_[A-Z0-9_]+?_CSMS|TC_[0-9_]+)\b\s*(.*)$/.exec(test.title);
    if (match) rows.push({ version, id: match[1], title: match[2], status: test.status });
  }
}
rows.sort((a, b) => a.version.localeCompare(b.version) || a.id.localeCompare(b.id, 'en', { numeric: true }));
const lines = ['| version | test case | title | result |', '|---|---|---|---|'];
for (const r of rows)
  lines.push(`| ${r.version} | ${r.id} | ${r.title.replace(/\|/g, '\\|')} | ${r.status === 'passed' ? 'pass' : r.status} |`);
const byVersion = {};
for (const r of rows) {
  const v = (byVersion[r.version] ??= { passed: 0, total: 0 });
  v.total += 1;
  if (r.status === 'passed') v.passed += 1;
}
const summary = Object.entries(byVersion).map(([v, c]) => `${v}: ${c.passed}/${c.total} OCTT test cases pass`);
const text = `# OCTT conformance coverage\n\n${summary.join('\n\n')}\n\n${lines.join('\n')}\n`;
fs.mkdirSync(path.dirname(path.resolve('reports/conformance.md')), { recursive: true });
fs.writeFileSync('reports/conformance.md', text);
console.log(summary.length ? summary.join('\n') : 'no conformance test cases found');
console.log(`coverage table: reports/conformance.md (${rows.length} test cases)`);
