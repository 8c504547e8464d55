import { verify as verifySignature, type X509Certificate } from 'node:crypto';
import { validateChain } from './certificate-chain';
import { digest, extendedKeyUsagesOf, issuerDer, publicKeyBits, subjectDer, validAt } from './certificates';
import { signatureDigestOf } from './hash-algorithms';
import type { DecodedOcspResponse, ResponseCertId, SingleStatus } from './ocsp-codec';
import type { CertIdentity } from './ocsp-request-data';

const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
/** Clock skew tolerated between the responder and this process. */
const SKEW_MS = 5 * 60_000;

export interface OcspVerifyOptions {
  /** Certificates an issuer or responder may be found in (installed roots, the presented chain). */
  pool: readonly X509Certificate[];
  /**
   * Installed roots the issuing CA must chain to. Without them (the CSMS only relays the response to a
   * station, M06) the responder is checked against the CertID alone.
   */
  trustAnchors?: readonly X509Certificate[];
  now: Date;
}

export type OcspVerification = { ok: true; single: SingleStatus } | { ok: false; reason: string };

/**
 * RFC 6960 §3.2 / §4.2.2.2: the response is successful, names the requested certificate, is current,
 * is signed by the CA itself or by a responder the CA delegated (id-kp-OCSPSigning), and — with
 * trust anchors — the CA chains to one of them.
 */
export function verifyOcspResponse(response: DecodedOcspResponse, requested: CertIdentity, options: OcspVerifyOptions): OcspVerification {
  const basic = response.basic;
  if (response.responseStatus !== 'successful' || !basic) return { ok: false, reason: `the responder answered ${response.responseStatus}` };
  const requestedDigest = requested.hashAlgorithm.toLowerCase();
  const known = [...basic.certs, ...options.pool];
  // Every known certificate with the issuer's key (the pool may hold look-alikes: none is trusted by itself).
  const issuers = known.filter((c) => digest(requestedDigest, publicKeyBits(c)).toString('hex') === requested.issuerKeyHash);
  const single = basic.responses.find((s) => names(s.certId, requested, issuers));
  if (!single) return { ok: false, reason: 'the response has no status for the requested certificate' };
  const now = options.now.getTime();
  if (single.thisUpdate.getTime() > now + SKEW_MS)
    return { ok: false, reason: `thisUpdate ${single.thisUpdate.toISOString()} is in the future` };
  if (single.nextUpdate && single.nextUpdate.getTime() < now - SKEW_MS)
    return { ok: false, reason: `the response expired at ${single.nextUpdate.toISOString()} (nextUpdate)` };

  const responder = known.find((c) =>
    basic.responderId.byKeyHash !== undefined
      ? digest('sha1', publicKeyBits(c)).toString('hex') === basic.responderId.byKeyHash
      : basic.responderId.byName !== undefined && subjectDer(c).equals(basic.responderId.byName),
  );
  if (!responder) return { ok: false, reason: 'the responder certificate is neither in the response nor installed' };
  const signing = signatureDigestOf(basic.signatureAlgorithm);
  if (!signing) return { ok: false, reason: `signature algorithm ${basic.signatureAlgorithm} is not supported` };
  let signed = false;
  try {
    signed = verifySignature(signing.digest, basic.signedData, responder.publicKey, basic.signature);
  } catch {
    signed = false;
  }
  if (!signed) return { ok: false, reason: 'the response signature does not verify with the responder key' };

  const responderIsCa = digest(requestedDigest, publicKeyBits(responder)).toString('hex') === requested.issuerKeyHash;
  if (!responderIsCa) {
    if (!extendedKeyUsagesOf(responder).includes(OCSP_SIGNING))
      return { ok: false, reason: 'the responder is not the CA and has no id-kp-OCSPSigning usage' };
    if (!validAt(responder, options.now)) return { ok: false, reason: 'the delegated responder certificate is not valid now' };
    if (issuers.length > 0) {
      if (!issuers.some((issuer) => responder.checkIssued(issuer) && responder.verify(issuer.publicKey)))
        return { ok: false, reason: "the delegated responder certificate was not issued by the certificate's CA" };
    } else if (options.trustAnchors || digest(requestedDigest, issuerDer(responder)).toString('hex') !== requested.issuerNameHash) {
      return { ok: false, reason: 'the CA that issued the certificate is unknown, so the delegated responder cannot be checked' };
    }
  }
  if (options.trustAnchors) {
    const anchors = options.trustAnchors;
    const candidates = issuers.length > 0 ? issuers : [responder];
    const chains = candidates.map((ca) => validateChain([ca], anchors, options.now, known));
    const failed = chains.find((c) => !c.ok);
    if (!chains.some((c) => c.ok))
      return {
        ok: false,
        reason: `the certificate's CA does not chain to an installed root (${failed && !failed.ok ? failed.detail : 'no CA'})`,
      };
  }
  return { ok: true, single };
}

function names(id: ResponseCertId, requested: CertIdentity, issuers: readonly X509Certificate[]): boolean {
  if (id.serialNumber !== requested.serialNumber) return false;
  if (id.digest === requested.hashAlgorithm.toLowerCase())
    return id.issuerNameHash === requested.issuerNameHash && id.issuerKeyHash === requested.issuerKeyHash;
  // A responder may answer with another digest (often SHA-1): comparable once the issuer is known.
  if (!['sha1', 'sha256', 'sha384', 'sha512'].includes(id.digest)) return false;
  return issuers.some(
    (issuer) =>
      id.issuerNameHash === digest(id.digest, subjectDer(issuer)).toString('hex') &&
      id.issuerKeyHash === digest(id.digest, publicKeyBits(issuer)).toString('hex'),
  );
}
