import type { Logger } from 'pino';
import { ocppValidator, type v201 } from '@voltlane/ocpp';
import type { OcspClient } from '@voltlane/pki';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import { V2X, type Payload } from './versions';

/**
 * GetCertificateStatus (2.x, M06): asks the responder in ocspRequestData (RFC 6960 over HTTP, the
 * answer cached until its nextUpdate) and relays the DER OCSPResponse, base64, as ocspResult
 * (M06.FR.02/08/09) — whatever status it gives; the station reads it. Failed with a reason when
 * the responder cannot be reached or its answer cannot be trusted (signature, wrong certificate).
 */
export class GetCertificateStatusHandler implements OcppCallHandler {
  readonly action = 'GetCertificateStatus';
  readonly versions = V2X;

  constructor(
    private readonly ocsp: OcspClient,
    private readonly logger: Logger,
  ) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    const request = payload as unknown as v201.GetCertificateStatusRequest;
    const check = await this.ocsp.check(request.ocspRequestData);
    if (check.outcome === 'unreachable' || check.outcome === 'invalid') {
      this.logger.warn(
        { stationId: context.stationId, responderURL: request.ocspRequestData?.responderURL, reason: check.reason },
        'GetCertificateStatus failed',
      );
      return failed(check.outcome === 'unreachable' ? 'OcspUnreachable' : 'OcspInvalid', check.reason);
    }
    const answer = { status: 'Accepted', ocspResult: check.der.toString('base64') } satisfies v201.GetCertificateStatusResponse;
    if (!ocppValidator.validateResponse(context.protocol, this.action, answer).ok)
      return failed('OcspTooLarge', `the OCSP response (${check.der.length} bytes) does not fit ocspResult`);
    return answer;
  }
}

function failed(reasonCode: string, additionalInfo: string): Payload {
  return {
    status: 'Failed',
    statusInfo: { reasonCode, additionalInfo: additionalInfo.slice(0, 512) },
  } satisfies v201.GetCertificateStatusResponse;
}
