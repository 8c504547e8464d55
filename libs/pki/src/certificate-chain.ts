import type { X509Certificate } from 'node:crypto';
import { validAt } from './certificates';

/** Why a chain does not validate, in OCPP's AuthorizeCertificateStatusEnumType terms. */
export type ChainProblem = 'CertificateExpired' | 'CertChainError' | 'SignatureError';

export type ChainCheck = { ok: true; path: X509Certificate[] } | { ok: false; problem: ChainProblem; detail: string };

const MAX_DEPTH = 8;

/**
 * Validates `chain` (leaf first, the root excluded or included) up to one of `anchors` (installed
 * roots): each certificate valid at `now`, issued (names) and signed (key) by the next, every issuer a
 * CA. `pool` holds further certificates an issuer may be found in.
 */
export function validateChain(
  chain: readonly X509Certificate[],
  anchors: readonly X509Certificate[],
  now: Date,
  pool: readonly X509Certificate[] = [],
): ChainCheck {
  if (chain.length === 0) return { ok: false, problem: 'CertChainError', detail: 'no certificate' };
  const path: X509Certificate[] = [];
  let current = chain[0];
  const candidates = [...chain.slice(1), ...pool];
  for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
    if (!validAt(current, now)) {
      return {
        ok: false,
        problem: 'CertificateExpired',
        detail: `${current.subject.replace(/\n/g, ', ')} is not valid now (${current.validFrom} – ${current.validTo})`,
      };
    }
    if (depth > 0 && !current.ca)
      return { ok: false, problem: 'CertChainError', detail: `${current.subject.replace(/\n/g, ', ')} signs certificates but is not a CA` };
    path.push(current);
    if (anchors.some((a) => a.fingerprint256 === current.fingerprint256)) return { ok: true, path };
    const anchor = anchors.find((a) => current.checkIssued(a));
    if (anchor) {
      if (!current.verify(anchor.publicKey))
        return {
          ok: false,
          problem: 'SignatureError',
          detail: `the signature of ${current.subject.replace(/\n/g, ', ')} does not verify with the installed root's key`,
        };
      if (!validAt(anchor, now))
        return { ok: false, problem: 'CertificateExpired', detail: `the root ${anchor.subject.replace(/\n/g, ', ')} is not valid now` };
      path.push(anchor);
      return { ok: true, path };
    }
    const named = candidates.filter((c) => c !== current && current.checkIssued(c));
    if (named.length === 0)
      return {
        ok: false,
        problem: 'CertChainError',
        detail: `no installed root or chain certificate issued ${current.subject.replace(/\n/g, ', ')} (issuer ${current.issuer.replace(/\n/g, ', ')})`,
      };
    const issuer = named.find((c) => current.verify(c.publicKey));
    if (!issuer)
      return {
        ok: false,
        problem: 'SignatureError',
        detail: `the signature of ${current.subject.replace(/\n/g, ', ')} does not verify with its issuer's key`,
      };
    current = issuer;
  }
  return { ok: false, problem: 'CertChainError', detail: `the chain is longer than ${MAX_DEPTH} certificates` };
}
