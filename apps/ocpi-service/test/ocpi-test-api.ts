// The ocpi-service on the in-process ports and its own PostgreSQL schema (ServiceHarness), with its
// HTTP surface (the OCPI endpoints and the operator API) served over real HTTP (ServiceTestApi,
// API keys in a schema of its own). OCPI_SERVICE_PUBLIC_URL is the URL it really listens on.
import { freePort } from '@voltlane/testing';
import { ServiceTestApi, type HttpAnswer } from '@voltlane/testing/medium';
import { ocpiApiModule, startOcpiService, type OcpiServiceHandle, type OcpiStartOptions } from '../src';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the specs read JSON answers freely (their lint allows any)
export type Answer<T = any> = HttpAnswer<T>;

export class OcpiTestApi extends ServiceTestApi<OcpiServiceHandle, OcpiStartOptions> {
  /** `env`: more ocpi-service variables (e.g. fast retries). */
  static async start(env: Record<string, string> = {}): Promise<OcpiTestApi> {
    // The public URL must be known before the service starts.
    const port = await freePort();
    return ServiceTestApi.launch(
      {
        start: startOcpiService,
        service: 'ocpi-service',
        env: {
          OCPI_SERVICE_PUBLIC_URL: `http://127.0.0.1:${port}`,
          OCPI_SERVICE_PUSH_POLL_MS: '50',
          OCPI_SERVICE_RETRY_MIN_MS: '50',
          ...env,
        },
        modules: (service) => [ocpiApiModule(service)],
        apiPath: '/api/v1/ocpi',
        port,
      },
      (started) => new OcpiTestApi(started),
    );
  }

  /** An OCPI request (`/ocpi<path>`) with `Authorization: Token <base64(token)>` when a token is given. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as Answer
  async ocpi<T = any>(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const all = { ...headers };
    if (token !== undefined) all['authorization'] = `Token ${Buffer.from(token).toString('base64')}`;
    return this.raw<T>(method, `/ocpi${path}`, body, all);
  }
}
