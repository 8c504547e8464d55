import type { Logger } from 'pino';
import type { Pkcs10CertificateRequest } from '@peculiar/x509';
import type { StationCommandClient } from '@voltlane/messaging';
import { AfterAnswer, type InboundCallContext } from '@voltlane/service-kit';
import type { CertificateAuthority } from './certificate-authority';
import type { CertificateRequestStore, CertificateRequestStatus } from '../../persistence/certificate-request.store';
import type { CertificateSigningConfig } from '../../config/certificate-signing-config';
import { checkCsr } from './csr-check';

export interface SignCertificateCall {
  csr: string;
  /** 2.x: ChargingStationCertificate | V2GCertificate. */
  certificateType?: string;
  /** 2.1: echoed in CertificateSigned. */
  requestId?: number;
  payload: object;
}

/**
 * SignCertificate → CertificateSigned (1.6 security extension, 2.0.1 A02/A03): checks the CSR
 * (signature; subject CN = the station's identity; O = the configured organisation), answers
 * Rejected when it does not pass, and otherwise — once the answer is on its way — issues the
 * certificate with the CSMS's CA, sends CertificateSigned and records the station's answer.
 * Without a CA the CSR is only stored (status Received) and Accepted, as before.
 */
export class CertificateSigningService {
  /** CertificateSigned goes out only after the SignCertificate answer. */
  private readonly afterAnswer: AfterAnswer;

  constructor(
    private readonly store: CertificateRequestStore,
    private readonly commands: StationCommandClient,
    private readonly ca: CertificateAuthority | undefined,
    private readonly config: CertificateSigningConfig,
    private readonly logger: Logger,
    /** Signs V2GCertificate requests (ISO 15118 SECC certificates); absent = they are Rejected. */
    private readonly v2gCa?: CertificateAuthority,
  ) {
    this.afterAnswer = new AfterAnswer(logger);
  }

  async received(call: SignCertificateCall, context: InboundCallContext): Promise<'Accepted' | 'Rejected'> {
    const base = { csr: call.csr, certificateType: call.certificateType ?? null, requestId: call.requestId ?? null, payload: call.payload };
    const v2g = call.certificateType === 'V2GCertificate';
    const ca = v2g ? this.v2gCa : this.ca;
    if (!ca && !v2g) {
      await this.store.insert(context, {
        ...base,
        status: 'Received',
        reason: null,
        detail: 'no CA is configured (STATION_SERVICE_CA_CERT_FILE)',
      });
      return 'Accepted';
    }
    const check = await checkCsr(call.csr, {
      stationId: context.stationId,
      organization: this.config.organization,
      certificateType: call.certificateType,
      v2gSigning: this.v2gCa !== undefined,
    });
    const id = await this.store.insert(context, {
      ...base,
      status: check.ok ? 'Accepted' : 'Rejected',
      reason: check.ok ? null : check.reason,
      detail: check.ok ? null : check.detail,
    });
    if (id === null) {
      // A re-delivered CALL: answer as the first time; it is signed (at most) once.
      return (await this.store.findByCall(context))?.status === 'Rejected' ? 'Rejected' : 'Accepted';
    }
    if (!check.ok || !ca) {
      if (!check.ok) this.logger.warn({ stationId: context.stationId, reason: check.reason, detail: check.detail }, 'CSR rejected');
      return 'Rejected';
    }
    this.afterAnswer.run('signing a CSR', () => this.signAndSend(id, ca, check.request, call, context));
    return 'Accepted';
  }

  /** Waits for the signing jobs under way (shutdown). */
  async close(): Promise<void> {
    await this.afterAnswer.idle();
  }

  private async signAndSend(
    id: string,
    ca: CertificateAuthority,
    request: Pkcs10CertificateRequest,
    call: SignCertificateCall,
    context: InboundCallContext,
  ): Promise<void> {
    const issued = await ca.issue(
      request,
      this.config.validityDays,
      new Date(),
      call.certificateType === 'V2GCertificate' ? 'v2g' : 'station',
    );
    await this.store.signed(id, issued.certificatePem, issued.serialNumber, new Date());
    const payload: Record<string, unknown> = { certificateChain: `${issued.certificatePem.trim()}\n${ca.chainPem}`.trim() };
    if (context.protocol !== 'ocpp1.6' && call.certificateType !== undefined) payload.certificateType = call.certificateType;
    if (context.protocol === 'ocpp2.1' && call.requestId !== undefined) payload.requestId = call.requestId;
    const result = await this.commands.send(context.stationId, 'CertificateSigned', payload);
    const status: CertificateRequestStatus =
      result.outcome === 'result' ? (result.payload?.status === 'Accepted' ? 'Installed' : 'InstallRejected') : 'SendFailed';
    const detail =
      result.outcome === 'result'
        ? null
        : (result.reason ?? (result.error ? `${result.error.code}: ${result.error.description}` : `CertificateSigned ${result.outcome}`));
    await this.store.answered(id, status, detail, new Date());
    this.logger.info({ stationId: context.stationId, serialNumber: issued.serialNumber, status }, 'CertificateSigned answered');
  }
}
