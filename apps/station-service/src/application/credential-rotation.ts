import type { PreparedCommand } from '@voltlane/api-kit';
import type { OcppVersion } from '@voltlane/ocpp';
import { isAuthorizationKey, isBasicAuthPassword } from '../domain/station-passwords';
import type { CredentialService } from './credential.service';

type Json = Record<string, unknown>;

interface PasswordChange {
  password: string;
  /** Whether the station's answer took the new password. */
  accepted(answer: Json): boolean;
}

const TOOK = new Set(['Accepted', 'RebootRequired']);

/**
 * Commands that give a station a new Basic-auth password — 1.6 `ChangeConfiguration
 * AuthorizationKey`, 2.x `SetVariables SecurityCtrlr.BasicAuthPassword` — stage it as the
 * station's pending credential before they are sent, so a station that reconnects with it the
 * moment it answers is let in (OCTT TC_073, TC_A_09). A refusal drops it; an accepted change stays
 * pending beside the old password until the station connects with the new one (then the old one
 * is revoked). No answer (timeout, CALLERROR) keeps both: the station may or may not have it.
 */
export class CredentialRotation {
  constructor(private readonly credentials: CredentialService) {}

  async prepare(stationId: string, _protocol: OcppVersion, action: string, payload: Json): Promise<PreparedCommand | undefined> {
    const change = passwordChange(action, payload);
    if (!change) return undefined;
    let fingerprint: string | undefined;
    return {
      payload,
      beforeSend: async () => {
        fingerprint = await this.credentials.stage(stationId, { password: change.password });
      },
      afterAnswer: async (answer) => {
        if (answer && fingerprint && !change.accepted(answer)) await this.credentials.dropPending(stationId, fingerprint);
      },
    };
  }
}

function passwordChange(action: string, payload: Json): PasswordChange | undefined {
  if (action === 'ChangeConfiguration' && isAuthorizationKey(payload.key) && typeof payload.value === 'string') {
    return { password: payload.value, accepted: (answer) => TOOK.has(String(answer.status)) };
  }
  if (action !== 'SetVariables' || !Array.isArray(payload.setVariableData)) return undefined;
  const entry = (payload.setVariableData as Json[]).find(isBasicAuthPassword);
  if (!entry || typeof entry.attributeValue !== 'string') return undefined;
  return {
    password: entry.attributeValue,
    accepted: (answer) =>
      Array.isArray(answer.setVariableResult) &&
      (answer.setVariableResult as Json[]).some((r) => isBasicAuthPassword(r) && TOOK.has(String(r.attributeStatus))),
  };
}
