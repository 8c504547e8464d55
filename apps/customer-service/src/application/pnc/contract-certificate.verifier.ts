import type { X509Certificate } from 'node:crypto';
import type { Logger } from 'pino';
import {
  ocspRequestDataFor,
  ocspUrlsOf,
  parsePemChain,
  validateChain,
  type OcspCheck,
  type OcspClient,
  type OcspRequestData,
} from '@voltlane/pki';
import type { v201, v21 } from '@voltlane/ocpp';
import type { TrustStoreService } from './trust-store.service';

/** OCPP 2.0.1 / 2.1 AuthorizeCertificateStatusEnumType (the same values in both). */
export type AuthorizeCertificateStatus = v201.AuthorizeCertificateStatusEnumType & v21.AuthorizeCertificateStatusEnumType;

/** What to do when no responder gives a usable answer and nothing valid is cached (CUSTOMER_SERVICE_OCSP_UNREACHABLE). */
export type OcspUnreachablePolicy = 'local' | 'reject';

export interface ContractCertificateInput {
  /** 2.x AuthorizeRequest.certificate: the contract chain, PEM, leaf first (central contract validation, C07.FR.06). */
  certificate?: string;
  /** 2.x AuthorizeRequest.iso15118CertificateHashData (1–4 entries). */
  iso15118CertificateHashData?: OcspRequestData[];
}

export interface ContractVerification {
  certificateStatus: AuthorizeCertificateStatus;
  /** How revocation was decided: every OCSP answer fresh or cached, or the unreachable policy. */
  revocation: 'ocsp' | 'unreachable';
  detail?: string;
}

/**
 * C07 on the CSMS side: validates a presented contract chain against the installed V2G/MO roots
 * (C07.FR.06) and asks the OCSP responders of the chain or of the hash data (C07.FR.05: real-time
 * or cached OCSP data). Any certificate revoked → CertificateRevoked (C07.FR.16); an answer that
 * cannot be trusted or does not know the certificate → CertChainError; no usable answer at all →
 * the unreachable policy: `local` decides on the local checks (chain, expiry) and the token,
 * `reject` answers CertChainError.
 */
export class ContractCertificateVerifier {
  constructor(
    private readonly ocsp: OcspClient,
    private readonly trustStore: TrustStoreService,
    private readonly unreachable: OcspUnreachablePolicy,
    private readonly logger: Logger,
  ) {}

  /** Undefined when the request carries neither a certificate nor hash data (a plain idToken). */
  async verify(input: ContractCertificateInput, now: Date): Promise<ContractVerification | undefined> {
    const hashData = input.iso15118CertificateHashData ?? [];
    if (input.certificate === undefined && hashData.length === 0) return undefined;
    const anchors = await this.trustStore.anchors();
    let pool: X509Certificate[] = [...anchors];
    let requests = hashData;
    if (input.certificate !== undefined) {
      let chain: X509Certificate[];
      try {
        chain = parsePemChain(input.certificate);
      } catch (error) {
        return {
          certificateStatus: 'CertChainError',
          revocation: 'ocsp',
          detail: `certificate is not a PEM chain (${error instanceof Error ? error.message : String(error)})`,
        };
      }
      if (chain.length === 0)
        return { certificateStatus: 'NoCertificateAvailable', revocation: 'ocsp', detail: 'certificate holds no PEM certificate' };
      const checked = validateChain(chain, anchors, now);
      if (!checked.ok) return { certificateStatus: checked.problem, revocation: 'ocsp', detail: checked.detail };
      pool = [...chain, ...anchors];
      // Every certificate below the root, with its issuer, asked at the responder its AIA names.
      requests = checked.path.slice(0, -1).flatMap((certificate, i) => {
        const url = ocspUrlsOf(certificate)[0];
        return url ? [ocspRequestDataFor(certificate, checked.path[i + 1], 'SHA256', url)] : [];
      });
      if (requests.length === 0) return this.whenUnreachable('no certificate of the chain names an OCSP responder');
    }
    const checks = await this.checkAll(requests, pool, anchors, now);
    const revoked = checks.find((c): c is Extract<OcspCheck, { der: Buffer }> => c.outcome === 'revoked');
    if (revoked)
      return {
        certificateStatus: 'CertificateRevoked',
        revocation: 'ocsp',
        detail: revoked.revocationTime ? `revoked at ${revoked.revocationTime.toISOString()}` : 'revoked',
      };
    const invalid = checks.find((c): c is Extract<OcspCheck, { outcome: 'invalid' }> => c.outcome === 'invalid');
    if (invalid) {
      this.logger.warn({ reason: invalid.reason }, 'OCSP answer for a contract certificate not trusted');
      return { certificateStatus: 'CertChainError', revocation: 'ocsp', detail: invalid.reason };
    }
    if (checks.some((c) => c.outcome === 'unknown'))
      return { certificateStatus: 'CertChainError', revocation: 'ocsp', detail: 'the OCSP responder does not know the certificate' };
    const unreachable = checks.find((c): c is Extract<OcspCheck, { outcome: 'unreachable' }> => c.outcome === 'unreachable');
    if (unreachable) return this.whenUnreachable(unreachable.reason);
    return { certificateStatus: 'Accepted', revocation: 'ocsp' };
  }

  /**
   * One request per certificate, the one nearest the root first (OCPP lists the contract certificate
   * first): each responder's certificate then helps the next response chain to an installed root. An
   * answer that did not chain is asked again once the others are in.
   */
  private async checkAll(
    requests: OcspRequestData[],
    pool: X509Certificate[],
    anchors: X509Certificate[],
    now: Date,
  ): Promise<OcspCheck[]> {
    const checks: OcspCheck[] = new Array<OcspCheck>(requests.length);
    const order = requests.map((_, i) => i).reverse();
    for (const i of order) checks[i] = await this.ocsp.check(requests[i], { pool, trustAnchors: anchors, now });
    for (const i of order) {
      const check = checks[i];
      if (check.outcome === 'invalid' && check.reason.includes('installed root'))
        checks[i] = await this.ocsp.check(requests[i], { pool, trustAnchors: anchors, now });
    }
    return checks;
  }

  private whenUnreachable(reason: string): ContractVerification {
    this.logger.warn({ reason, policy: this.unreachable }, 'OCSP status of a contract certificate unavailable');
    return this.unreachable === 'local'
      ? { certificateStatus: 'Accepted', revocation: 'unreachable', detail: reason }
      : { certificateStatus: 'CertChainError', revocation: 'unreachable', detail: reason };
  }
}
