import { createPrivateKey, webcrypto, type KeyObject } from 'node:crypto';

/** The WebCrypto signing algorithm of a CA key: ECDSA (P-256/P-384/P-521) or RSA PKCS#1 v1.5, with a matching hash. */
export function signingAlgorithmOf(key: KeyObject): {
  importParams: webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams;
  signing: webcrypto.Algorithm | webcrypto.EcdsaParams;
} {
  if (key.asymmetricKeyType === 'ec') {
    const curve = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' }[key.asymmetricKeyDetails?.namedCurve ?? ''];
    if (!curve) throw new Error(`EC curve ${key.asymmetricKeyDetails?.namedCurve ?? '?'} is not supported (use P-256, P-384 or P-521)`);
    const hash = curve === 'P-256' ? 'SHA-256' : curve === 'P-384' ? 'SHA-384' : 'SHA-512';
    return { importParams: { name: 'ECDSA', namedCurve: curve }, signing: { name: 'ECDSA', hash } };
  }
  if (key.asymmetricKeyType === 'rsa') {
    return { importParams: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, signing: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } };
  }
  throw new Error(`a ${key.asymmetricKeyType ?? 'unknown'} key cannot sign certificates here (use an EC or RSA key)`);
}

/** Imports a PEM private key (PKCS#8, SEC1 or PKCS#1) as a non-extractable WebCrypto signing key. */
export async function importSigningKey(
  pem: string,
): Promise<{ key: webcrypto.CryptoKey; signing: webcrypto.Algorithm | webcrypto.EcdsaParams }> {
  const keyObject = createPrivateKey(pem);
  const { importParams, signing } = signingAlgorithmOf(keyObject);
  const der = keyObject.export({ type: 'pkcs8', format: 'der' });
  const key = await webcrypto.subtle.importKey('pkcs8', der, importParams, false, ['sign']);
  return { key, signing };
}
