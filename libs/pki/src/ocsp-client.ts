import type { X509Certificate } from 'node:crypto';
import { OcspCodecError, decodeOcspResponse, encodeOcspRequest } from './ocsp-codec';
import type { OcspConfig } from './ocsp-config';
import { certIdKey, certIdentityOf, type CertIdentity, type OcspRequestData } from './ocsp-request-data';
import { verifyOcspResponse } from './ocsp-verify';

/** A response larger than this is not an OCSP response for one certificate. */
const MAX_RESPONSE_BYTES = 64 * 1024;
/** Certificates remembered from responses (candidate issuers only: trust still comes from the anchors). */
const MAX_SEEN_CERTIFICATES = 1_000;

/** What one OCSP check found. */
export type OcspCheck =
  | {
      outcome: 'good' | 'revoked' | 'unknown';
      /** The DER OCSPResponse (what GetCertificateStatus relays as ocspResult). */
      der: Buffer;
      thisUpdate: Date;
      nextUpdate?: Date;
      revocationTime?: Date;
      fromCache: boolean;
    }
  /** No usable answer: network error, timeout, HTTP error, not an OCSP response, or tryLater/internalError. */
  | { outcome: 'unreachable'; reason: string }
  /** An answer that must not be trusted (signature, responder, wrong certificate, stale) or bad request data. */
  | { outcome: 'invalid'; reason: string };

export interface OcspCheckOptions {
  pool?: readonly X509Certificate[];
  trustAnchors?: readonly X509Certificate[];
  now?: Date;
}

interface CacheEntry {
  check: Extract<OcspCheck, { der: Buffer }>;
  until: number;
}

/**
 * RFC 6960 over HTTP POST (application/ocsp-request), one certificate per request. Verified answers
 * are cached until their nextUpdate (answers without nextUpdate are not cached: RFC 5019 §2.2.4).
 */
export class OcspClient {
  private readonly cache = new Map<string, CacheEntry>();
  /**
   * Responders send their own certificate (often a sub-CA); remembered, they let a later response
   * for a certificate below that sub-CA chain to an installed root when the station sent hash data
   * only. A pool entry is never trusted by itself: every path is verified up to an anchor.
   */
  private readonly seen = new Map<string, X509Certificate>();

  constructor(private readonly config: OcspConfig) {}

  async check(data: OcspRequestData, options: OcspCheckOptions = {}): Promise<OcspCheck> {
    let id: CertIdentity;
    try {
      id = certIdentityOf(data);
    } catch (error) {
      return { outcome: 'invalid', reason: error instanceof Error ? error.message : String(error) };
    }
    const now = options.now ?? new Date();
    const cached = this.cache.get(certIdKey(id));
    if (cached && cached.until > now.getTime()) return { ...cached.check, fromCache: true };
    const url = this.responderUrl(data.responderURL);
    if (typeof url !== 'object') return { outcome: 'invalid', reason: url };
    let der: Buffer;
    try {
      der = await this.post(url, encodeOcspRequest([id]));
    } catch (error) {
      return { outcome: 'unreachable', reason: `${url.origin}: ${describeFailure(error)}` };
    }
    let decoded;
    try {
      decoded = decodeOcspResponse(der);
    } catch (error) {
      return { outcome: 'unreachable', reason: error instanceof OcspCodecError ? error.message : String(error) };
    }
    if (decoded.responseStatus === 'tryLater' || decoded.responseStatus === 'internalError')
      return { outcome: 'unreachable', reason: `the responder answered ${decoded.responseStatus}` };
    for (const certificate of decoded.basic?.certs ?? []) this.learn(certificate);
    const verified = verifyOcspResponse(decoded, id, {
      pool: [...(options.pool ?? []), ...this.seen.values()],
      trustAnchors: options.trustAnchors,
      now,
    });
    if (!verified.ok) return { outcome: 'invalid', reason: verified.reason };
    const single = verified.single;
    const check: CacheEntry['check'] = {
      outcome: single.status,
      der,
      thisUpdate: single.thisUpdate,
      ...(single.nextUpdate ? { nextUpdate: single.nextUpdate } : {}),
      ...(single.revocationTime ? { revocationTime: single.revocationTime } : {}),
      fromCache: false,
    };
    if (single.nextUpdate && single.nextUpdate.getTime() > now.getTime()) this.remember(certIdKey(id), check, single.nextUpdate.getTime());
    return check;
  }

  /** Forgets every cached answer. */
  clear(): void {
    this.cache.clear();
  }

  private learn(certificate: X509Certificate): void {
    if (this.seen.has(certificate.fingerprint256)) return;
    if (this.seen.size >= MAX_SEEN_CERTIFICATES) this.seen.delete(this.seen.keys().next().value as string);
    this.seen.set(certificate.fingerprint256, certificate);
  }

  private remember(key: string, check: CacheEntry['check'], until: number): void {
    if (this.config.cacheMaxEntries === 0) return;
    this.cache.delete(key);
    while (this.cache.size >= this.config.cacheMaxEntries) {
      const oldest = this.cache.keys().next();
      if (oldest.done) break;
      this.cache.delete(oldest.value);
    }
    this.cache.set(key, { check, until });
  }

  private responderUrl(raw: string): URL | string {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return `responderURL "${raw}" is not a URL`;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `responderURL must be http:// or https:// (got ${url.protocol})`;
    const allowed = this.config.allowedHosts;
    if (allowed && !allowed.includes(url.hostname.toLowerCase()) && !allowed.includes(url.host.toLowerCase()))
      return `responder host ${url.host} is not in OCSP_ALLOWED_HOSTS`;
    return url;
  }

  private async post(url: URL, body: Buffer): Promise<Buffer> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(this.config.timeoutMs),
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status}`);
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > MAX_RESPONSE_BYTES) throw new Error(`response of ${bytes.length} bytes is too large`);
    return bytes;
  }
}

function describeFailure(error: unknown): string {
  const e = error as { name?: unknown; message?: unknown; cause?: { message?: unknown } } | null;
  if (e?.name === 'TimeoutError') return 'no answer in time (aborted, OCSP_TIMEOUT_MS)';
  const cause = typeof e?.cause?.message === 'string' ? ` (${e.cause.message})` : '';
  return `${typeof e?.message === 'string' ? e.message : String(error)}${cause}`;
}
