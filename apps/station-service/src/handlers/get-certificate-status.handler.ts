import type { v201 } from '@voltlane/ocpp';
import type { OcppCallHandler } from '@voltlane/service-kit';
import { V2X, type Payload } from './versions';

/** GetCertificateStatus (2.x): no OCSP responder for V2G certificates yet, so Failed with a reason. */
export class GetCertificateStatusHandler implements OcppCallHandler {
  readonly action = 'GetCertificateStatus';
  readonly versions = V2X;

  async handle(): Promise<Payload> {
    return {
      status: 'Failed',
      statusInfo: { reasonCode: 'NoV2GPki', additionalInfo: 'This CSMS has no ISO 15118 (V2G) PKI or OCSP access configured yet' },
    } satisfies v201.GetCertificateStatusResponse;
  }
}
