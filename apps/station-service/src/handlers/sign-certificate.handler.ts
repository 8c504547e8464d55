import type { v16, v21 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { CertificateSigningService } from '../application/certificates/certificate-signing.service';
import { ALL_VERSIONS, type Payload } from './versions';

/**
 * SignCertificate: stores the CSR and answers Accepted, or Rejected when its subject is not this
 * station (or its signature does not verify); an accepted CSR is then signed with the CSMS's CA
 * and sent back in CertificateSigned (echoing the 2.1 requestId).
 */
export class SignCertificateHandler implements OcppCallHandler {
  readonly action = 'SignCertificate';
  readonly versions = ALL_VERSIONS;

  constructor(private readonly certificates: CertificateSigningService) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    const p = payload as unknown as v16.SignCertificateRequest & Partial<Pick<v21.SignCertificateRequest, 'certificateType' | 'requestId'>>;
    const status = await this.certificates.received(
      { csr: p.csr, certificateType: p.certificateType, requestId: p.requestId, payload },
      context,
    );
    return { status } satisfies v16.SignCertificateResponse;
  }
}
