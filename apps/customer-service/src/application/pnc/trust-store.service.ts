import { X509Certificate } from 'node:crypto';
import { digest, isSelfSigned, normalizeSerial, parsePemChain, publicKeyBits, subjectDer, validAt } from '@voltlane/pki';
import type { RootCertificateRow, RootCertificateStore, RootCertificateType } from '../../persistence/root-certificate.store';

/** Why a root is not installed (the API turns each into a 4xx problem). */
export class TrustStoreError extends Error {
  constructor(
    readonly code: 'invalid-certificate' | 'already-installed' | 'not-found',
    message: string,
    readonly existingId?: string,
  ) {
    super(message);
  }
}

/**
 * The CSMS's ISO 15118 trust store: the V2G and MO roots that contract certificate chains (Authorize
 * `certificate`) and OCSP responders are validated against. Roots are few; every check reads them.
 */
export class TrustStoreService {
  constructor(private readonly store: RootCertificateStore) {}

  /** Installs a self-signed CA certificate valid now; one PEM certificate only. */
  async install(certificateType: RootCertificateType, pem: string, now = new Date()): Promise<RootCertificateRow> {
    let certificates: X509Certificate[];
    try {
      certificates = parsePemChain(pem);
    } catch (error) {
      throw new TrustStoreError(
        'invalid-certificate',
        `certificate is not a PEM X.509 certificate (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    if (certificates.length !== 1)
      throw new TrustStoreError('invalid-certificate', `certificate must hold exactly one PEM certificate (found ${certificates.length})`);
    const [root] = certificates;
    if (!root.ca) throw new TrustStoreError('invalid-certificate', 'certificate is not a CA certificate (basicConstraints cA is not set)');
    if (!isSelfSigned(root)) throw new TrustStoreError('invalid-certificate', 'certificate is not a root: it is not self-signed');
    if (!validAt(root, now))
      throw new TrustStoreError('invalid-certificate', `certificate is not valid now (valid ${root.validFrom} – ${root.validTo})`);
    const row = {
      certificateType,
      certificatePem: root.toString(),
      fingerprintSha256: root.fingerprint256.replace(/:/g, '').toLowerCase(),
      subject: root.subject.replace(/\n/g, ', '),
      serialNumber: normalizeSerial(root.serialNumber),
      issuerNameHash: digest('sha256', subjectDer(root)).toString('hex'),
      issuerKeyHash: digest('sha256', publicKeyBits(root)).toString('hex'),
      notBefore: new Date(root.validFrom),
      notAfter: new Date(root.validTo),
    };
    const inserted = await this.store.insert(row);
    if (inserted) return inserted;
    const existing = await this.store.findByFingerprint(certificateType, row.fingerprintSha256);
    throw new TrustStoreError('already-installed', `this ${certificateType} is already installed`, existing?.id);
  }

  list(certificateType?: RootCertificateType): Promise<RootCertificateRow[]> {
    return this.store.list(certificateType);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.store.delete(id))) throw new TrustStoreError('not-found', `no installed root certificate ${id}`);
  }

  /** Every installed root (both types), parsed: the anchors of contract chains and OCSP responders. */
  async anchors(): Promise<X509Certificate[]> {
    return (await this.store.list()).map((r) => new X509Certificate(r.certificatePem));
  }
}
