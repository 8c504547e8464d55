import { toIdTagInfo, toIdTokenInfo201, toIdTokenInfo21 } from '@voltlane/authorization';
import type { OcppVersion, v16, v201, v21 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { AuthorizationService } from '../domain/authorization.service';

/**
 * Authorize (1.6, 2.0.1, 2.1). Read-only, so redelivery gives the same answer; "now" is when the
 * gateway received the CALL. 2.x certificate / ISO 15118 hash data are not checked (no
 * certificateStatus in the answer).
 */
export class AuthorizeHandler implements OcppCallHandler {
  readonly action = 'Authorize';
  readonly versions: readonly OcppVersion[] = ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'];

  constructor(private readonly authorization: AuthorizationService) {}

  async handle(payload: Record<string, unknown>, context: InboundCallContext): Promise<Record<string, unknown>> {
    const now = context.receivedAt;
    switch (context.protocol) {
      case 'ocpp1.6': {
        const request = payload as unknown as v16.AuthorizeRequest;
        return { idTagInfo: toIdTagInfo(await this.authorization.authorizeIdTag(request.idTag, now)) };
      }
      case 'ocpp2.0.1': {
        const request = payload as unknown as v201.AuthorizeRequest;
        return { idTokenInfo: toIdTokenInfo201(await this.authorization.authorizeIdToken(request.idToken, now)) };
      }
      case 'ocpp2.1': {
        const request = payload as unknown as v21.AuthorizeRequest;
        return { idTokenInfo: toIdTokenInfo21(await this.authorization.authorizeIdToken(request.idToken, now)) };
      }
    }
  }
}
