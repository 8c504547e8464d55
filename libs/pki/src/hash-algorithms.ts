/** The OCPP HashAlgorithmEnumType values and what they are in ASN.1 and in node:crypto. */
export type OcppHashAlgorithm = 'SHA256' | 'SHA384' | 'SHA512';

export const OCPP_HASH_ALGORITHMS: readonly OcppHashAlgorithm[] = ['SHA256', 'SHA384', 'SHA512'];

const OIDS: Record<OcppHashAlgorithm, string> = {
  SHA256: '2.16.840.1.101.3.4.2.1',
  SHA384: '2.16.840.1.101.3.4.2.2',
  SHA512: '2.16.840.1.101.3.4.2.3',
};

/** SHA-1 is what most OCSP responders still put in a CertID; it is accepted in responses only. */
const SHA1_OID = '1.3.14.3.2.26';

export function hashOid(algorithm: OcppHashAlgorithm): string {
  return OIDS[algorithm];
}

/** The node:crypto digest name of a CertID hash OID (SHA-1 included), or undefined. */
export function digestOfOid(oid: string): string | undefined {
  if (oid === SHA1_OID) return 'sha1';
  const entry = (Object.entries(OIDS) as [OcppHashAlgorithm, string][]).find(([, value]) => value === oid);
  return entry ? entry[0].toLowerCase() : undefined;
}

export function digestLength(algorithm: OcppHashAlgorithm): number {
  return { SHA256: 32, SHA384: 48, SHA512: 64 }[algorithm];
}

/** node:crypto's name of a signature algorithm OID (ECDSA, RSA PKCS#1 v1.5, Ed25519), or undefined. */
export function signatureDigestOf(oid: string): { digest: string | null } | undefined {
  const table: Record<string, string | null> = {
    '1.2.840.10045.4.3.2': 'sha256',
    '1.2.840.10045.4.3.3': 'sha384',
    '1.2.840.10045.4.3.4': 'sha512',
    '1.2.840.113549.1.1.11': 'sha256',
    '1.2.840.113549.1.1.12': 'sha384',
    '1.2.840.113549.1.1.13': 'sha512',
    '1.2.840.113549.1.1.5': 'sha1',
    '1.3.101.112': null,
  };
  return oid in table ? { digest: table[oid] } : undefined;
}
