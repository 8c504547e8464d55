import type { X509Certificate } from 'node:crypto';
import { digest, normalizeSerial, ocspUrlsOf, publicKeyBits, subjectDer } from './certificates';
import { OCPP_HASH_ALGORITHMS, digestLength, type OcppHashAlgorithm } from './hash-algorithms';

/**
 * OCPP's OCSPRequestDataType (Authorize.iso15118CertificateHashData, GetCertificateStatus
 * .ocspRequestData): the certificate's CertID parts, hex, and where to ask.
 */
export interface OcspRequestData {
  hashAlgorithm: OcppHashAlgorithm;
  /** Hash of the issuer's DER subject name. */
  issuerNameHash: string;
  /** Hash of the issuer's public key bits. */
  issuerKeyHash: string;
  /** The certificate's serial number, hex. */
  serialNumber: string;
  responderURL: string;
}

/** A CertID in one normal form: lower-case hex, serial without leading zeroes. */
export interface CertIdentity {
  hashAlgorithm: OcppHashAlgorithm;
  issuerNameHash: string;
  issuerKeyHash: string;
  serialNumber: string;
}

export class OcspRequestDataError extends Error {}

/**
 * Checks and normalises hash data as a station sends it. The hashes are hex (OCPP's form); base64
 * of the right length is accepted too, since some test tools write it that way.
 */
export function certIdentityOf(
  data: Pick<OcspRequestData, 'hashAlgorithm' | 'issuerNameHash' | 'issuerKeyHash' | 'serialNumber'>,
): CertIdentity {
  if (!OCPP_HASH_ALGORITHMS.includes(data.hashAlgorithm))
    throw new OcspRequestDataError(`hashAlgorithm ${String(data.hashAlgorithm)} is not SHA256, SHA384 or SHA512`);
  const length = digestLength(data.hashAlgorithm);
  if (!/^[0-9a-fA-F]{1,40}$/.test(data.serialNumber.replace(/^0x/i, '')))
    throw new OcspRequestDataError(`serialNumber "${data.serialNumber}" is not a hex serial number (at most 20 bytes)`);
  return {
    hashAlgorithm: data.hashAlgorithm,
    issuerNameHash: hashHex(data.issuerNameHash, length, 'issuerNameHash'),
    issuerKeyHash: hashHex(data.issuerKeyHash, length, 'issuerKeyHash'),
    serialNumber: normalizeSerial(data.serialNumber),
  };
}

/** One key per certificate, for caches. */
export function certIdKey(id: CertIdentity): string {
  return `${id.hashAlgorithm}:${id.issuerNameHash}:${id.issuerKeyHash}:${id.serialNumber}`;
}

/** The request data of `certificate` (issued by `issuer`), as a station computes it. */
export function ocspRequestDataFor(
  certificate: X509Certificate,
  issuer: X509Certificate,
  hashAlgorithm: OcppHashAlgorithm = 'SHA256',
  responderURL?: string,
): OcspRequestData {
  const name = hashAlgorithm.toLowerCase();
  return {
    hashAlgorithm,
    issuerNameHash: digest(name, subjectDer(issuer)).toString('hex'),
    issuerKeyHash: digest(name, publicKeyBits(issuer)).toString('hex'),
    serialNumber: normalizeSerial(certificate.serialNumber),
    responderURL: responderURL ?? ocspUrlsOf(certificate)[0] ?? '',
  };
}

function hashHex(value: string, length: number, field: string): string {
  if (new RegExp(`^[0-9a-fA-F]{${length * 2}}$`).test(value)) return value.toLowerCase();
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length === length) return bytes.toString('hex');
  }
  throw new OcspRequestDataError(`${field} is not a ${length}-byte hash in hex`);
}
