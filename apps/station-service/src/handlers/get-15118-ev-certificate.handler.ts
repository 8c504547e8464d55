import type { Logger } from 'pino';
import { ocppValidator, type v21 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { ContractCertificateProvider } from '../application/pnc/contract-certificate-provider';
import { V2X, type Payload } from './versions';

/**
 * Get15118EVCertificate (2.x, M01 install / M02 update): forwards the EV's EXI request to the
 * contract-certificate provider and answers with its EXI response; Failed with the provider's
 * reason when it cannot deliver (or its answer does not fit the response).
 */
export class Get15118EVCertificateHandler implements OcppCallHandler {
  readonly action = 'Get15118EVCertificate';
  readonly versions = V2X;

  constructor(
    private readonly provider: ContractCertificateProvider,
    private readonly logger: Logger,
  ) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    const request = payload as unknown as v21.Get15118EVCertificateRequest;
    const answer = await this.provider.request({
      stationId: context.stationId,
      iso15118SchemaVersion: request.iso15118SchemaVersion,
      action: request.action,
      exiRequest: request.exiRequest,
      ...(request.maximumContractCertificateChains !== undefined
        ? { maximumContractCertificateChains: request.maximumContractCertificateChains }
        : {}),
      ...(request.prioritizedEMAIDs !== undefined ? { prioritizedEMAIDs: request.prioritizedEMAIDs } : {}),
    });
    if (answer.status === 'Failed') {
      this.logger.warn(
        { stationId: context.stationId, provider: this.provider.kind, reasonCode: answer.reasonCode, detail: answer.detail },
        'Get15118EVCertificate failed',
      );
      return failed(answer.reasonCode, answer.detail);
    }
    const response: Payload = { status: 'Accepted', exiResponse: answer.exiResponse };
    if (context.protocol === 'ocpp2.1' && answer.remainingContracts !== undefined) response.remainingContracts = answer.remainingContracts;
    const check = ocppValidator.validateResponse(context.protocol, this.action, response);
    if (!check.ok) return failed('ProviderError', `the provider's answer does not fit Get15118EVCertificateResponse (${check.message})`);
    return response;
  }
}

function failed(reasonCode: string, additionalInfo: string): Payload {
  return {
    status: 'Failed',
    exiResponse: '',
    statusInfo: { reasonCode: reasonCode.slice(0, 20), additionalInfo: additionalInfo.slice(0, 512) },
  };
}
