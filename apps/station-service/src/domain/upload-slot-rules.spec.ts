import { UploadRefusal, checkUpload, uploadRefusalStatus, visibleUploadState, type SlotForCheck } from './upload-slot-rules';
import { TOKEN_PATTERN, hashToken, newToken, tokenMatches } from './upload-token';

const NOW = new Date('2026-11-24T12:00:00Z');
const token = newToken();

function aSlot(overrides: Partial<SlotForCheck> = {}): SlotForCheck {
  return { tokenHash: hashToken(token), expiresAt: new Date(NOW.getTime() + 60_000), state: 'Requested', maxBytes: 1_000, ...overrides };
}

describe('upload tokens', () => {
  it('are 32 random bytes in base64url, different every time, stored as their SHA-256', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => newToken()));
    expect(tokens.size).toBe(100);
    for (const t of tokens) expect(t).toMatch(TOKEN_PATTERN);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token);
  });

  it.each([
    ['the same token', token, true],
    ['another token', newToken(), false],
    ['the token with one character changed', `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, false],
    ['the hash itself', hashToken(token), false],
    ['an empty string', '', false],
    ['the token with a suffix', `${token}x`, false],
  ])('match %s: %s', (_what, presented, expected) => {
    expect(tokenMatches(presented, hashToken(token))).toBe(expected);
  });
});

describe('checkUpload', () => {
  it.each<[string, SlotForCheck | null, string, number | undefined, UploadRefusal | null]>([
    ['a valid token before expiry', aSlot(), token, undefined, null],
    ['a declared length at the limit', aSlot(), token, 1_000, null],
    ['no slot', null, token, undefined, UploadRefusal.UnknownSlot],
    ['a wrong token', aSlot(), newToken(), undefined, UploadRefusal.BadToken],
    [
      'a wrong token on an expired slot (tells nothing about the slot)',
      aSlot({ expiresAt: new Date(NOW.getTime() - 1) }),
      newToken(),
      undefined,
      UploadRefusal.BadToken,
    ],
    ['an expired slot', aSlot({ expiresAt: new Date(NOW.getTime() - 1) }), token, undefined, UploadRefusal.Expired],
    ['a slot expiring right now', aSlot({ expiresAt: NOW }), token, undefined, UploadRefusal.Expired],
    ['a slot already filled', aSlot({ state: 'Received' }), token, undefined, UploadRefusal.AlreadyReceived],
    ['a declared length over the limit', aSlot(), token, 1_001, UploadRefusal.TooLarge],
    ['an empty body', aSlot(), token, 0, UploadRefusal.Empty],
    ['a slot whose request the station rejected (the station may still upload)', aSlot({ state: 'Rejected' }), token, 10, null],
  ])('%s', (_what, slot, presented, length, expected) => {
    expect(checkUpload(slot, presented, NOW, length)).toBe(expected);
  });

  it.each([
    [UploadRefusal.UnknownSlot, 404],
    [UploadRefusal.BadToken, 403],
    [UploadRefusal.Expired, 410],
    [UploadRefusal.AlreadyReceived, 409],
    [UploadRefusal.TooLarge, 413],
    [UploadRefusal.Empty, 400],
  ])('maps %s to HTTP %i', (refusal, status) => {
    expect(uploadRefusalStatus(refusal).status).toBe(status);
  });

  it('shows an unfilled slot past its expiry as Expired', () => {
    const past = new Date(NOW.getTime() - 1);
    expect(visibleUploadState('Requested', past, NOW)).toBe('Expired');
    expect(visibleUploadState('Received', past, NOW)).toBe('Received');
    expect(visibleUploadState('Requested', new Date(NOW.getTime() + 1), NOW)).toBe('Requested');
  });
});
