// Writes docs/asyncapi.json from libs/contracts (run: npm run codegen:asyncapi).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asyncApiDocument } from '../src/contract-catalog';

const target = resolve(__dirname, '../../../docs/asyncapi.json');
writeFileSync(target, `${JSON.stringify(asyncApiDocument('1'), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
