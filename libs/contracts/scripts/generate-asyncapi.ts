// Writes docs/asyncapi.json and the per-topic part of docs/contracts.md from libs/contracts
// (run: npm run codegen:asyncapi; contract-catalog.spec.ts fails while either is out of date).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asyncApiDocument, contractCatalog } from '../src/contract-catalog';
import { withTopics } from '../src/contracts-markdown';

const asyncapi = resolve(__dirname, '../../../docs/asyncapi.json');
writeFileSync(asyncapi, `${JSON.stringify(asyncApiDocument('1'), null, 2)}\n`);
process.stdout.write(`wrote ${asyncapi}\n`);

const contracts = resolve(__dirname, '../../../docs/contracts.md');
writeFileSync(contracts, withTopics(readFileSync(contracts, 'utf8'), contractCatalog));
process.stdout.write(`wrote the topics of ${contracts}\n`);
