import type { OcpiClient, OcpiResponse } from '../ocpi-client';
import type { PartnerEndpoint } from '../partners';
import { OCPI_VERSION } from './ocpi-credentials';
import { RegistrationError } from './registration-error';

/** What a partner's versions and version details say about OCPI 2.2.1 there. */
export interface PartnerVersion {
  version: string;
  /** Its version details URL. */
  url: string;
  endpoints: PartnerEndpoint[];
}

const MODULE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Reads a partner's versions endpoint and its 2.2.1 version details with `token` (theirs: A, or
 * the one they gave us). Fails with a RegistrationError that says which call failed and how.
 */
export async function readPartnerVersion(
  client: OcpiClient,
  versionsUrl: string,
  token: string,
  correlationId?: string,
): Promise<PartnerVersion> {
  const versions = await get(client, versionsUrl, token, correlationId);
  if (!Array.isArray(versions.data))
    throw new RegistrationError('PartnerFailed', `GET ${versionsUrl}: the answer's data is not a list of versions`);
  const offered = (versions.data as unknown[]).filter((v): v is { version: string; url: string } => {
    const entry = v as { version?: unknown; url?: unknown } | null;
    return typeof entry?.version === 'string' && typeof entry.url === 'string' && /^https?:\/\//.test(entry.url);
  });
  const match = offered.find((v) => v.version === OCPI_VERSION);
  if (!match)
    throw new RegistrationError(
      'UnsupportedVersion',
      `GET ${versionsUrl}: OCPI ${OCPI_VERSION} is not offered (offered: ${offered.map((v) => v.version).join(', ') || 'none'})`,
    );
  const details = await get(client, match.url, token, correlationId);
  const data = details.data as { version?: unknown; endpoints?: unknown } | undefined;
  if (!data || typeof data !== 'object' || !Array.isArray(data.endpoints))
    throw new RegistrationError('PartnerFailed', `GET ${match.url}: the answer's data is not version details (no endpoints list)`);
  const endpoints = (data.endpoints as Partial<PartnerEndpoint>[])
    .filter(
      (e): e is PartnerEndpoint =>
        typeof e?.identifier === 'string' && MODULE_ID.test(e.identifier) && typeof e.url === 'string' && /^https?:\/\//.test(e.url),
    )
    .map((e) => ({ identifier: e.identifier, role: e.role === 'RECEIVER' ? 'RECEIVER' : 'SENDER', url: e.url }) satisfies PartnerEndpoint);
  if (!endpoints.some((e) => e.identifier === 'credentials'))
    throw new RegistrationError('NoMatchingEndpoints', `GET ${match.url}: the version details list no credentials endpoint`);
  if (!endpoints.some((e) => e.identifier !== 'credentials'))
    throw new RegistrationError('NoMatchingEndpoints', `GET ${match.url}: the version details list no module besides credentials`);
  return { version: OCPI_VERSION, url: match.url, endpoints };
}

/** One call to a partner that must succeed (HTTP 2xx, status_code 1xxx); its answer. */
export async function callPartner(
  client: OcpiClient,
  request: Parameters<OcpiClient['request']>[1] & { token: string },
): Promise<OcpiResponse> {
  let answer: OcpiResponse;
  try {
    answer = await client.request(null, request);
  } catch (error) {
    throw new RegistrationError('PartnerFailed', error instanceof Error ? error.message : String(error));
  }
  const what = `${request.method} ${request.url}`;
  if (answer.httpStatus === 401 || answer.httpStatus === 403)
    throw new RegistrationError('TokenRefused', `${what}: the partner refused the token (HTTP ${answer.httpStatus}${describe(answer)})`);
  if (answer.httpStatus < 200 || answer.httpStatus > 299)
    throw new RegistrationError('PartnerFailed', `${what}: answered HTTP ${answer.httpStatus}${describe(answer)}`);
  if (answer.statusCode === undefined)
    throw new RegistrationError('PartnerFailed', `${what}: the answer is not an OCPI response (no status_code)`);
  if (answer.statusCode < 1000 || answer.statusCode > 1999)
    throw new RegistrationError('PartnerFailed', `${what}: answered status_code ${answer.statusCode}${describe(answer, false)}`);
  return answer;
}

function get(client: OcpiClient, url: string, token: string, correlationId?: string): Promise<OcpiResponse> {
  return callPartner(client, { method: 'GET', url, token, ...(correlationId ? { correlationId } : {}) });
}

function describe(answer: OcpiResponse, withCode = true): string {
  const parts: string[] = [];
  if (withCode && answer.statusCode !== undefined) parts.push(`status_code ${answer.statusCode}`);
  if (answer.statusMessage) parts.push(`"${answer.statusMessage.slice(0, 200)}"`);
  return parts.length > 0 ? `, ${parts.join(' ')}` : '';
}
