// Writes docs/configuration.md from the configuration loaders (run: npm run codegen:config).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildConfigurationReference } from './configuration-reference';

const CONFIGURATION_DOC = resolve(__dirname, '../../docs/configuration.md');

const reference = buildConfigurationReference();
if (reference.problems.length > 0) {
  process.stderr.write(`docs/configuration.md not written:\n${reference.problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
writeFileSync(CONFIGURATION_DOC, reference.markdown);
process.stdout.write(`wrote ${CONFIGURATION_DOC} (${reference.variables.size} variables)\n`);
