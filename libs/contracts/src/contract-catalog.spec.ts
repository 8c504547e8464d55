import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { asyncApiDocument, contractCatalog } from './contract-catalog';
import { withTopics } from './contracts-markdown';
import { Topics } from './topics';

describe('contract catalog and AsyncAPI document', () => {
  it('gives every topic exactly one contract with a versioned name and a compilable JSON schema', () => {
    expect(contractCatalog.map((c) => c.topic).sort()).toEqual(Object.values(Topics).sort());
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    for (const contract of contractCatalog) {
      expect(contract.topic).toMatch(/^[a-z]+\.[a-z]+(-[a-z]+)*(\.[a-z]+)?\.v\d+$/);
      expect(contract.schema.$id).toBe(`urn:voltlane:${contract.topic}`);
      expect(() => ajv.compile(contract.schema)).not.toThrow();
    }
  });

  it('docs/asyncapi.json is generated from the contracts and up to date (npm run codegen:asyncapi)', () => {
    const committed = JSON.parse(readFileSync(resolve(__dirname, '../../../docs/asyncapi.json'), 'utf8')) as unknown;
    expect(committed).toEqual(JSON.parse(JSON.stringify(asyncApiDocument('1'))));
  });

  it('the topics part of docs/contracts.md is generated from the contracts and up to date (npm run codegen:asyncapi)', () => {
    const committed = readFileSync(resolve(__dirname, '../../../docs/contracts.md'), 'utf8');
    expect(committed).toBe(withTopics(committed, contractCatalog));
  });
});
