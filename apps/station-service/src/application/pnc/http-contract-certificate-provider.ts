import type { ContractCertificateAnswer, ContractCertificateProvider, ContractCertificateRequest } from './contract-certificate-provider';

export interface HttpProviderConfig {
  url: string;
  /** One header sent with every request, e.g. `Authorization: Bearer …` (split at the first colon). */
  authHeader?: { name: string; value: string };
  timeoutMs: number;
}

const MAX_RESPONSE_BYTES = 256 * 1024;

/**
 * The HTTP adapter for a real PKI: POSTs the request as JSON
 * `{stationId, iso15118SchemaVersion, action, exiRequest, maximumContractCertificateChains?, prioritizedEMAIDs?}`
 * and expects 200 with `{status: "Accepted"|"Failed", exiResponse, remainingContracts?, reasonCode?, detail?}`.
 * Anything else (timeout, network error, non-200, another body) is Failed with a reason; the provider's
 * own Failed passes through.
 */
export class HttpContractCertificateProvider implements ContractCertificateProvider {
  readonly kind = 'http';

  constructor(private readonly config: HttpProviderConfig) {}

  async request(request: ContractCertificateRequest): Promise<ContractCertificateAnswer> {
    let response: Response;
    try {
      response = await fetch(this.config.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(this.config.authHeader ? { [this.config.authHeader.name]: this.config.authHeader.value } : {}),
        },
        body: JSON.stringify(request),
        redirect: 'error',
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as { name?: unknown } | null)?.name === 'TimeoutError';
      return {
        status: 'Failed',
        reasonCode: timedOut ? 'ProviderTimeout' : 'ProviderUnreachable',
        detail: timedOut ? `no answer within ${this.config.timeoutMs} ms` : causeOf(error),
      };
    }
    const text = await response.text().catch(() => '');
    if (response.status !== 200)
      return { status: 'Failed', reasonCode: 'ProviderError', detail: `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}` };
    if (text.length > MAX_RESPONSE_BYTES)
      return { status: 'Failed', reasonCode: 'ProviderError', detail: `answer of ${text.length} bytes is too large` };
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { status: 'Failed', reasonCode: 'ProviderError', detail: 'the answer is not JSON' };
    }
    return answerOf(body);
  }
}

function answerOf(body: unknown): ContractCertificateAnswer {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (b.status === 'Failed') {
    return {
      status: 'Failed',
      reasonCode: typeof b.reasonCode === 'string' ? b.reasonCode.slice(0, 20) : 'ProviderFailed',
      detail: typeof b.detail === 'string' ? b.detail.slice(0, 500) : 'the provider answered Failed',
    };
  }
  if (
    b.status !== 'Accepted' ||
    typeof b.exiResponse !== 'string' ||
    b.exiResponse === '' ||
    !/^[A-Za-z0-9+/]+={0,2}$/.test(b.exiResponse)
  ) {
    return { status: 'Failed', reasonCode: 'ProviderError', detail: 'the answer is not {status: "Accepted", exiResponse: <base64>}' };
  }
  const remaining = b.remainingContracts;
  return {
    status: 'Accepted',
    exiResponse: b.exiResponse,
    ...(Number.isInteger(remaining) && (remaining as number) >= 0 ? { remainingContracts: remaining as number } : {}),
  };
}

function causeOf(error: unknown): string {
  const e = error as { message?: unknown; cause?: { message?: unknown } } | null;
  const cause = typeof e?.cause?.message === 'string' ? ` (${e.cause.message})` : '';
  return `${typeof e?.message === 'string' ? e.message : String(error)}${cause}`;
}
