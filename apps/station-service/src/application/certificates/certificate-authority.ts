// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata polyfill.
import 'reflect-metadata';
import { X509Certificate as NodeX509Certificate, createPrivateKey, webcrypto } from 'node:crypto';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
  type Pkcs10CertificateRequest,
} from '@peculiar/x509';
import { randomSerialNumber, toPem } from '@voltlane/pki';
import { importSigningKey } from './signing-key';

/** A CA certificate and its private key, both PEM. */
export interface CaMaterial {
  certificatePem: string;
  privateKeyPem: string;
  /** Certificates above this CA (sub-CA chains, e.g. CPO Sub-CA 1 above Sub-CA 2), sent after it; root excluded. */
  intermediatesPem?: string;
}

/** What an issued certificate is for: a station's OCPP client certificate, or an ISO 15118 SECC (V2G) certificate. */
export type CertificateProfile = 'station' | 'v2g';

export interface IssuedCertificate {
  certificatePem: string;
  serialNumber: string;
  notAfter: Date;
}

/**
 * Checks CA material without I/O or WebCrypto (so configuration can fail fast at start-up):
 * the certificate parses, is a CA (basicConstraints cA), is valid now, and the key is its key.
 * Returns what is wrong, or null.
 */
export function caMaterialProblem(material: CaMaterial, now = new Date()): string | null {
  let certificate: NodeX509Certificate;
  try {
    certificate = new NodeX509Certificate(material.certificatePem);
  } catch (error) {
    return `the CA certificate is not a PEM X.509 certificate (${error instanceof Error ? error.message : String(error)})`;
  }
  if (!certificate.ca) return 'the CA certificate is not a CA certificate (basicConstraints cA is not set)';
  if (Date.parse(certificate.validTo) < now.getTime() || Date.parse(certificate.validFrom) > now.getTime()) {
    return `the CA certificate is not valid now (valid ${certificate.validFrom} – ${certificate.validTo})`;
  }
  let key;
  try {
    key = createPrivateKey(material.privateKeyPem);
  } catch (error) {
    return `the CA key is not a PEM private key (${error instanceof Error ? error.message : String(error)})`;
  }
  if (!certificate.checkPrivateKey(key)) return 'the CA key does not belong to the CA certificate';
  if (key.asymmetricKeyType !== 'ec' && key.asymmetricKeyType !== 'rsa')
    return `the CA key must be an EC or RSA key (got ${key.asymmetricKeyType ?? 'unknown'})`;
  return null;
}

/** Signs station certificates (clientAuth, for security profile 3) with the CSMS's CA. */
export class CertificateAuthority {
  private constructor(
    readonly certificate: X509Certificate,
    private readonly signingKey: webcrypto.CryptoKey,
    private readonly signingAlgorithm: webcrypto.Algorithm,
    private readonly selfSigned: boolean,
    private readonly intermediatesPem: string,
  ) {}

  static async open(material: CaMaterial): Promise<CertificateAuthority> {
    const problem = caMaterialProblem(material);
    if (problem) throw new Error(problem);
    const { key, signing } = await importSigningKey(material.privateKeyPem);
    const certificate = new X509Certificate(material.certificatePem);
    return new CertificateAuthority(certificate, key, signing, await certificate.isSelfSigned(), material.intermediatesPem?.trim() ?? '');
  }

  /** The CA certificate, PEM. */
  get certificatePem(): string {
    return this.certificate.toString('pem');
  }

  /**
   * What follows the station's certificate in a CertificateSigned chain: this CA when it is a sub-CA,
   * nothing when it is a root (the station verifies against its installed root, not a sent one).
   */
  get chainPem(): string {
    return [this.selfSigned ? '' : this.certificatePem.trim(), this.intermediatesPem].filter((p) => p !== '').join('\n');
  }

  /**
   * Issues a certificate for the (already checked) request's subject and public key: `station`
   * (clientAuth, security profile 3) or `v2g` (ISO 15118 SECC: digitalSignature + keyAgreement, no EKU).
   */
  async issue(
    request: Pkcs10CertificateRequest,
    validityDays: number,
    now = new Date(),
    profile: CertificateProfile = 'station',
  ): Promise<IssuedCertificate> {
    const serialNumber = randomSerialNumber();
    const notAfter = new Date(Math.min(now.getTime() + validityDays * 86_400_000, this.certificate.notAfter.getTime()));
    const certificate = await X509CertificateGenerator.create({
      serialNumber,
      subject: request.subjectName,
      issuer: this.certificate.subjectName,
      notBefore: new Date(now.getTime() - 60_000),
      notAfter,
      publicKey: request.publicKey,
      signingKey: this.signingKey,
      signingAlgorithm: this.signingAlgorithm,
      extensions: [
        new BasicConstraintsExtension(false, undefined, true),
        ...(profile === 'v2g'
          ? [new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyAgreement, true)]
          : [
              new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyAgreement | KeyUsageFlags.keyEncipherment, true),
              new ExtendedKeyUsageExtension([ExtendedKeyUsage.clientAuth]),
            ]),
        await SubjectKeyIdentifierExtension.create(request.publicKey),
        await AuthorityKeyIdentifierExtension.create(this.certificate.publicKey),
      ],
    });
    return { certificatePem: certificate.toString('pem'), serialNumber, notAfter };
  }
}

/** A new self-signed P-256 CA (10 years), for the all-in-one process's first start. */
export async function generateCertificateAuthority(commonName: string, organization?: string): Promise<CaMaterial> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const now = Date.now();
  const certificate = await X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialNumber(),
    name: `CN=${commonName}${organization ? `, O=${organization}` : ''}`,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 10 * 365 * 86_400_000),
    keys,
    signingAlgorithm: algorithm,
    extensions: [
      new BasicConstraintsExtension(true, 0, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const privateKeyPem = toPem(pkcs8, 'PRIVATE KEY');
  return { certificatePem: certificate.toString('pem'), privateKeyPem };
}
