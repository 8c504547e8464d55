// Merges the --json results of several Jest runs into one file of the same shape (scripts/test.sh
// runs the whole suite as two Jest runs): counts added, test results in run order, success only
// if every run succeeded. A run whose file is missing (it crashed before writing) counts as one
// failed suite, so the merged result cannot read as green.
// Usage: node scripts/merge-jest-results.js <merged.json> <run.json>...
const fs = require('node:fs');

const [target, ...inputs] = process.argv.slice(2);
if (!target || inputs.length === 0) {
  console.error('usage: node scripts/merge-jest-results.js <merged.json> <run.json>...');
  process.exit(2);
}

const merged = { success: true, testResults: [], startTime: Infinity };
for (const input of inputs) {
  let run;
  try {
    run = JSON.parse(fs.readFileSync(input, 'utf8'));
  } catch (error) {
    console.error(`merge-jest-results: ${input} not read (${error.message}): counted as a failed suite`);
    run = { success: false, numFailedTestSuites: 1, numRuntimeErrorTestSuites: 1, numTotalTestSuites: 1, testResults: [] };
  }
  for (const [key, value] of Object.entries(run)) {
    if (key.startsWith('num') && typeof value === 'number') merged[key] = (merged[key] ?? 0) + value;
  }
  merged.success = merged.success && run.success === true;
  merged.testResults.push(...(run.testResults ?? []));
  if (typeof run.startTime === 'number') merged.startTime = Math.min(merged.startTime, run.startTime);
  if (run.wasInterrupted) merged.wasInterrupted = true;
}
if (!Number.isFinite(merged.startTime)) delete merged.startTime;
fs.writeFileSync(target, JSON.stringify(merged));
