import { generateKeyPairSync } from 'node:crypto';
import { importSigningKey, signingAlgorithmOf } from './signing-key';

describe('signingAlgorithmOf', () => {
  it.each([
    ['EC P-256', generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey, { name: 'ECDSA', hash: 'SHA-256' }],
    ['EC P-384', generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey, { name: 'ECDSA', hash: 'SHA-384' }],
    ['RSA', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }],
  ])('%s signs with %j', (_name, key, signing) => {
    expect(signingAlgorithmOf(key).signing).toEqual(signing);
  });

  it('refuses keys it cannot sign certificates with', () => {
    expect(() => signingAlgorithmOf(generateKeyPairSync('ed25519').privateKey)).toThrow('a ed25519 key cannot sign certificates here');
    expect(() => signingAlgorithmOf(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey)).toThrow(
      'EC curve secp256k1 is not supported',
    );
  });

  it('imports a SEC1 EC key and a PKCS#1 RSA key as signing keys', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    expect((await importSigningKey(ec)).key.usages).toEqual(['sign']);
    expect((await importSigningKey(rsa)).key.algorithm.name).toBe('RSASSA-PKCS1-v1_5');
  });
});
