import { toIdTagInfo, toIdTokenInfo201, toIdTokenInfo21, type AuthorizationDecision } from '@voltlane/authorization';
import type { OcppVersion, v16, v201, v21 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { AuthorizationService } from '../application/authorization.service';
import { toIdTagStatus16, type AuthorizeDecision } from '../application/roaming/roaming-authorizer';
import type { ContractCertificateVerifier } from '../application/pnc/contract-certificate.verifier';

/**
 * Authorize (1.6, 2.0.1, 2.1). Read-only, so redelivery gives the same answer; "now" is when the
 * gateway received the CALL. 2.x with an ISO 15118 contract (`certificate` and/or
 * `iso15118CertificateHashData`): the contract is checked (chain, OCSP) and the answer carries
 * certificateStatus; a contract that is not Accepted makes idTokenInfo.status Invalid (C07.FR.16),
 * otherwise the token decides as for any idToken. A roaming token not cached here is asked of its
 * eMSP (AuthorizationService); 1.6 gets NoCredit and NotAllowedTypeEVSE as Invalid.
 */
export class AuthorizeHandler implements OcppCallHandler {
  readonly action = 'Authorize';
  readonly versions: readonly OcppVersion[] = ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'];

  constructor(
    private readonly authorization: AuthorizationService,
    private readonly contracts?: ContractCertificateVerifier,
  ) {}

  async handle(payload: Record<string, unknown>, context: InboundCallContext): Promise<Record<string, unknown>> {
    const now = context.receivedAt;
    const place = { stationId: context.stationId };
    switch (context.protocol) {
      case 'ocpp1.6': {
        const request = payload as unknown as v16.AuthorizeRequest;
        const decision = await this.authorization.authorizeIdTag(request.idTag, now, place);
        return { idTagInfo: toIdTagInfo({ ...decision, status: toIdTagStatus16(decision.status) }) };
      }
      case 'ocpp2.0.1': {
        const request = payload as unknown as v201.AuthorizeRequest;
        const info = idTokenInfo(await this.authorization.authorizeIdToken(request.idToken, now, place), toIdTokenInfo201);
        return this.withContract(request, info, now);
      }
      case 'ocpp2.1': {
        const request = payload as unknown as v21.AuthorizeRequest;
        const info = idTokenInfo(await this.authorization.authorizeIdToken(request.idToken, now, place), toIdTokenInfo21);
        return this.withContract(request, info, now);
      }
    }
  }

  private async withContract(
    request: v201.AuthorizeRequest | v21.AuthorizeRequest,
    idTokenInfo: { status: string },
    now: Date,
  ): Promise<Record<string, unknown>> {
    const verification = this.contracts
      ? await this.contracts.verify(
          { certificate: request.certificate, iso15118CertificateHashData: request.iso15118CertificateHashData },
          now,
        )
      : undefined;
    if (!verification) return { idTokenInfo };
    const { certificateStatus } = verification;
    return { idTokenInfo: certificateStatus === 'Accepted' ? idTokenInfo : { ...idTokenInfo, status: 'Invalid' }, certificateStatus };
  }
}

/** 2.x idTokenInfo of a decision; NoCredit and NotAllowedTypeEVSE (from an eMSP) are 2.x statuses the mappers pass through. */
function idTokenInfo<T extends { status: string }>(decision: AuthorizeDecision, map: (d: AuthorizationDecision) => T): T {
  const { status, ...details } = decision;
  return { ...map({ ...details, status: 'Invalid' }), status };
}
