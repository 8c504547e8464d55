import { tokenMatches } from './upload-token';

export type UploadKind = 'diagnostics' | 'log';
/** Requested: URL handed out; Rejected: the station refused the request (or never answered); Received: file stored. */
export type UploadState = 'Requested' | 'Rejected' | 'Received';

/** Why an upload is refused; each maps to one HTTP status (`uploadRefusalStatus`). */
export enum UploadRefusal {
  UnknownSlot = 'UnknownSlot',
  BadToken = 'BadToken',
  Expired = 'Expired',
  AlreadyReceived = 'AlreadyReceived',
  TooLarge = 'TooLarge',
  Empty = 'Empty',
}

export interface SlotForCheck {
  tokenHash: string;
  expiresAt: Date;
  state: UploadState;
  maxBytes: number;
}

/**
 * Whether a station may upload to a slot with `token` at `now` (declared `contentLength` when it
 * sent one): null when it may, else the reason. The token is checked first, so an expired or
 * used slot tells nothing to someone without its token.
 */
export function checkUpload(slot: SlotForCheck | null, token: string, now: Date, contentLength?: number): UploadRefusal | null {
  if (!slot) return UploadRefusal.UnknownSlot;
  if (!tokenMatches(token, slot.tokenHash)) return UploadRefusal.BadToken;
  if (slot.state === 'Received') return UploadRefusal.AlreadyReceived;
  if (now.getTime() >= slot.expiresAt.getTime()) return UploadRefusal.Expired;
  if (contentLength !== undefined && contentLength > slot.maxBytes) return UploadRefusal.TooLarge;
  if (contentLength === 0) return UploadRefusal.Empty;
  return null;
}

export function uploadRefusalStatus(refusal: UploadRefusal): { status: number; title: string } {
  switch (refusal) {
    case UploadRefusal.UnknownSlot:
      return { status: 404, title: 'Not Found' };
    case UploadRefusal.BadToken:
      return { status: 403, title: 'Forbidden' };
    case UploadRefusal.Expired:
      return { status: 410, title: 'Gone' };
    case UploadRefusal.AlreadyReceived:
      return { status: 409, title: 'Conflict' };
    case UploadRefusal.TooLarge:
      return { status: 413, title: 'Payload Too Large' };
    case UploadRefusal.Empty:
      return { status: 400, title: 'Bad Request' };
  }
}

/** The state shown through the API: a Requested slot past its expiry is Expired. */
export function visibleUploadState(state: UploadState, expiresAt: Date, now: Date): UploadState | 'Expired' {
  return state === 'Requested' && now.getTime() >= expiresAt.getTime() ? 'Expired' : state;
}

/** Firmware statuses after which an UpdateFirmware flow is over (1.6, 1.6 security, 2.x). */
export const FINAL_FIRMWARE_STATUSES: ReadonlySet<string> = new Set([
  'Installed',
  'InstallationFailed',
  'DownloadFailed',
  'InstallVerificationFailed',
  'InvalidSignature',
]);
