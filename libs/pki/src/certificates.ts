import { X509Certificate, createHash, randomBytes } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityInfoAccessSyntax,
  Certificate,
  ExtendedKeyUsage,
  id_ad_ocsp,
  id_ce_extKeyUsage,
  id_pe_authorityInfoAccess,
} from '@peculiar/asn1-x509';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate of a PEM text (leaf first, as OCPP sends chains); throws on a block that does not parse. */
export function parsePemChain(pem: string): X509Certificate[] {
  const blocks = pem.replace(/\\n/g, '\n').match(PEM_BLOCK) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}

/** The parsed ASN.1 of a certificate (what node:crypto does not expose: raw name and key bits). */
export function asn1Of(certificate: X509Certificate): Certificate {
  return AsnConvert.parse(certificate.raw, Certificate);
}

/** DER of the certificate's subject Name (what an OCSP CertID's issuerNameHash hashes, for an issuer). */
export function subjectDer(certificate: X509Certificate): Buffer {
  return Buffer.from(AsnConvert.serialize(asn1Of(certificate).tbsCertificate.subject));
}

/** DER of the certificate's issuer Name. */
export function issuerDer(certificate: X509Certificate): Buffer {
  return Buffer.from(AsnConvert.serialize(asn1Of(certificate).tbsCertificate.issuer));
}

/** The subjectPublicKey BIT STRING's value (what issuerKeyHash and a byKey ResponderID hash). */
export function publicKeyBits(certificate: X509Certificate): Buffer {
  return Buffer.from(asn1Of(certificate).tbsCertificate.subjectPublicKeyInfo.subjectPublicKey);
}

export function digest(algorithm: string, data: Buffer): Buffer {
  return createHash(algorithm).update(data).digest();
}

/** The OCSP responder URLs of the certificate's Authority Information Access extension. */
export function ocspUrlsOf(certificate: X509Certificate): string[] {
  const extension = asn1Of(certificate).tbsCertificate.extensions?.find((e) => e.extnID === id_pe_authorityInfoAccess);
  if (!extension) return [];
  const access = AsnConvert.parse(extension.extnValue.buffer, AuthorityInfoAccessSyntax);
  return access
    .filter((a) => a.accessMethod === id_ad_ocsp && a.accessLocation.uniformResourceIdentifier)
    .map((a) => a.accessLocation.uniformResourceIdentifier as string);
}

/** The certificate's extended key usage OIDs (empty when it has none). */
export function extendedKeyUsagesOf(certificate: X509Certificate): string[] {
  const extension = asn1Of(certificate).tbsCertificate.extensions?.find((e) => e.extnID === id_ce_extKeyUsage);
  return extension ? [...AsnConvert.parse(extension.extnValue.buffer, ExtendedKeyUsage)] : [];
}

/** Serial number as OCPP writes it: lower-case hex without leading zeroes. */
export function normalizeSerial(hex: string): string {
  const trimmed = hex.toLowerCase().replace(/^0x/, '').replace(/^0+/, '');
  return trimmed === '' ? '0' : trimmed;
}

export function isSelfSigned(certificate: X509Certificate): boolean {
  return certificate.subject === certificate.issuer && certificate.verify(certificate.publicKey);
}

export function validAt(certificate: X509Certificate, now: Date): boolean {
  return Date.parse(certificate.validFrom) <= now.getTime() && now.getTime() <= Date.parse(certificate.validTo);
}

/** A positive 16-byte serial number (hex), as RFC 5280 asks (≤ 20 octets, positive, unpredictable). */
export function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  bytes[0] |= 0x01;
  return bytes.toString('hex');
}
