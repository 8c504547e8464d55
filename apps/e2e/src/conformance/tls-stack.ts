import { join } from 'node:path';
import { loadGatewayConfig, startDistributedGateway, type RunningGateway } from '@voltlane/ocpp-gateway';
import { createLogger } from '@voltlane/telemetry';
import { HandshakeRefused, TestStation, uniqueName } from '@voltlane/testing';
import type { ClientOptions } from 'ws';
import { StackHarness } from '../stack-harness';
import { createTlsFixtures, type TlsFixtures } from './ocpp16/tls-fixtures';

/**
 * A whole stack whose gateway listens on security profile 2 (TLS + Basic auth), beside a second
 * gateway instance on profile 3 (mutual TLS), and a third serving both profiles on one wss:// URL
 * with an RSA and an ECDSA certificate chain (`oneUrl`, what an operator runs for a whole fleet).
 * The station-service signs CSRs with the CA the gateways trust for client certificates.
 */
export class TlsStack {
  private readonly opened: TestStation[] = [];

  private constructor(
    readonly harness: StackHarness,
    readonly tls: TlsFixtures,
    readonly profile3: RunningGateway,
    readonly oneUrl: RunningGateway,
  ) {}

  static async start(): Promise<TlsStack> {
    const tls = createTlsFixtures();
    const harness = await StackHarness.start({
      services: ['station', 'customer', 'session', 'metering', 'billing'],
      api: true,
      serviceEnv: {
        STATION_SERVICE_UNKNOWN_STATIONS: 'accept',
        STATION_SERVICE_CA_CERT_FILE: tls.caFile,
        STATION_SERVICE_CA_KEY_FILE: join(tls.dir, 'ca.key'),
      },
      gatewayEnv: {
        OCPP_SECURITY_PROFILE: '2',
        OCPP_TLS_CERT_FILE: tls.certFile,
        OCPP_TLS_KEY_FILE: tls.keyFile,
      },
    });
    try {
      const config = loadGatewayConfig({
        ...harness.serviceEnv,
        GATEWAY_INSTANCE_ID: uniqueName('gw3'),
        OCPP_PORT: '0',
        OCPP_HOST: '127.0.0.1',
        GATEWAY_OPS_PORT: '-1',
        OCPP_SECURITY_PROFILE: '3',
        OCPP_TLS_CERT_FILE: tls.certFile,
        OCPP_TLS_KEY_FILE: tls.keyFile,
        OCPP_TLS_CA_FILE: tls.caFile,
      });
      const profile3 = await startDistributedGateway(config, createLogger('e2e', process.env.TEST_LOG_LEVEL ?? 'silent'));
      const oneUrl = await harness.addGateway({
        OCPP_SECURITY_PROFILE: '2,3',
        OCPP_TLS_CERT_FILE: `${tls.rsaCertFile},${tls.certFile}`,
        OCPP_TLS_KEY_FILE: `${tls.rsaKeyFile},${tls.keyFile}`,
        OCPP_TLS_CA_FILE: tls.caFile,
      });
      return new TlsStack(harness, tls, profile3, oneUrl);
    } catch (error) {
      await harness.stop();
      tls.remove();
      throw error;
    }
  }

  /** Opens a station connection (closed with the stack). */
  async connect(url: string, protocols: string[], options: ClientOptions): Promise<TestStation> {
    const station = await TestStation.connect(url, protocols, options);
    this.opened.push(station);
    return station;
  }

  /** Opens a station connection; a refused handshake gives its HTTP status, a failed one its error. */
  async open(url: string, protocols: string[], options: ClientOptions): Promise<TestStation | number | Error> {
    try {
      return await this.connect(url, protocols, options);
    } catch (error) {
      if (error instanceof HandshakeRefused) return error.status;
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.opened.map((s) => s.close()));
    await this.profile3.stop();
    await this.harness.stop();
    this.tls.remove();
  }
}
