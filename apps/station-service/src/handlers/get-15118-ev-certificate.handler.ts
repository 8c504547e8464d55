import type { v201 } from '@voltlane/ocpp';
import type { OcppCallHandler } from '@voltlane/service-kit';
import { V2X, type Payload } from './versions';

/** Get15118EVCertificate (2.x): no V2G PKI exists yet, so the answer is Failed with a reason. */
export class Get15118EVCertificateHandler implements OcppCallHandler {
  readonly action = 'Get15118EVCertificate';
  readonly versions = V2X;

  async handle(): Promise<Payload> {
    return {
      status: 'Failed',
      exiResponse: '',
      statusInfo: { reasonCode: 'NoV2GPki', additionalInfo: 'This CSMS has no ISO 15118 (V2G) PKI configured yet' },
    } satisfies v201.Get15118EVCertificateResponse;
  }
}
