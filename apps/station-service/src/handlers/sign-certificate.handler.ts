import type { v16, v21 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { StationRecordsService } from '../services/station-records.service';
import { ALL_VERSIONS, type Payload } from './versions';

/**
 * SignCertificate: stores the CSR and answers Accepted. Signing it and sending CertificateSigned
 * (echoing the 2.1 requestId) is a later issue; until then the station's CertSigningWaitMinimum /
 * RepeatTimes make it retry, and every retry is stored.
 */
export class SignCertificateHandler implements OcppCallHandler {
  readonly action = 'SignCertificate';
  readonly versions = ALL_VERSIONS;

  constructor(private readonly records: StationRecordsService) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    const p = payload as unknown as v16.SignCertificateRequest & Partial<Pick<v21.SignCertificateRequest, 'certificateType' | 'requestId'>>;
    await this.records.certificateSigningRequest(context, p.csr, p.certificateType, p.requestId, payload);
    return { status: 'Accepted' } satisfies v16.SignCertificateResponse;
  }
}
