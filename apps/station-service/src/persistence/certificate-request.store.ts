import type { DataSource } from 'typeorm';
import type { InboundCallContext } from '@voltlane/service-kit';
import { CertificateSigningRequestEntity } from './certificate-signing-request.entity';
import { insertIgnore } from './insert-ignore';

export type CertificateRequestStatus = 'Received' | 'Rejected' | 'Accepted' | 'Signed' | 'Installed' | 'InstallRejected' | 'SendFailed';

export interface NewCertificateRequest {
  csr: string;
  certificateType: string | null;
  requestId: number | null;
  status: CertificateRequestStatus;
  reason: string | null;
  detail: string | null;
  payload: object;
}

/** The certificate_signing_request rows: one per SignCertificate CALL, then its signing and installation. */
export class CertificateRequestStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the request once per CALL; returns its id, or null when this CALL was already stored (a re-delivery). */
  async insert(context: InboundCallContext, request: NewCertificateRequest): Promise<string | null> {
    const origin = {
      stationId: context.stationId,
      receivedAt: context.receivedAt,
      connectionId: context.connectionId,
      messageId: context.messageId,
    };
    if (
      !(await insertIgnore(this.dataSource.manager, CertificateSigningRequestEntity, { ...origin, protocol: context.protocol, ...request }))
    )
      return null;
    const row = await this.dataSource.manager.findOneByOrFail(CertificateSigningRequestEntity, {
      stationId: context.stationId,
      connectionId: context.connectionId,
      messageId: context.messageId,
    });
    return row.id;
  }

  async findByCall(context: InboundCallContext): Promise<CertificateSigningRequestEntity | null> {
    return this.dataSource.manager.findOneBy(CertificateSigningRequestEntity, {
      stationId: context.stationId,
      connectionId: context.connectionId,
      messageId: context.messageId,
    });
  }

  async signed(id: string, certificate: string, serialNumber: string, at: Date): Promise<void> {
    await this.dataSource.manager.update(
      CertificateSigningRequestEntity,
      { id },
      { status: 'Signed', certificate, serialNumber, signedAt: at },
    );
  }

  async answered(id: string, status: CertificateRequestStatus, detail: string | null, at: Date): Promise<void> {
    await this.dataSource.manager.update(
      CertificateSigningRequestEntity,
      { id },
      { status, answeredAt: at, ...(detail !== null ? { detail } : {}) },
    );
  }
}
