import { MasterPass } from '@voltlane/authorization';
import type { IdTokenEntity } from '../persistence/id-token.entity';
import type { SessionTokenRepository } from '../persistence/session-token.repository';
import type { TokenRepository } from '../persistence/token.repository';
import { partyCustomer } from '../domain/roaming-token';
import { AuthorizationService } from './authorization.service';
import type { RoamingAuthorizationRequest, RoamingAuthorizer, RoamingDecision } from './roaming/roaming-authorizer';

/** When the eMSP is asked: the repositories are plain in-memory stand-ins (the medium and e2e specs run the real ones). */
describe('AuthorizationService with real-time roaming authorization', () => {
  const party = partyCustomer('DE', 'EMP');
  const now = new Date('2026-12-07T00:00:00Z');
  const token = (idToken: string, fields: Partial<IdTokenEntity> = {}): IdTokenEntity =>
    ({
      key: `ISO14443:${idToken}`,
      idTagKey: idToken,
      idToken,
      type: 'ISO14443',
      status: 'Accepted',
      customerId: party.id,
      expiryDate: null,
      groupIdToken: null,
      groupType: null,
      maxActiveSessions: null,
      revision: 1,
      updatedAt: now,
      ...fields,
    }) as IdTokenEntity;
  const stored = new Map<string, IdTokenEntity>();
  const tokens = {
    findTokensByIdTagKey: async (key: string) => [...stored.values()].filter((t) => t.idTagKey === key),
    findToken: async (key: string) => stored.get(key) ?? null,
    findCustomer: async (id: string) => (id === party.id ? { ...party } : { id, name: 'Local fleet' }),
  } as unknown as TokenRepository;
  const sessions = { countActive: async () => 0 } as unknown as SessionTokenRepository;
  const asked: RoamingAuthorizationRequest[] = [];
  let answer: RoamingDecision | undefined;
  const roaming: RoamingAuthorizer = { authorize: async (r) => (asked.push(r), answer) };
  const service = new AuthorizationService(tokens, sessions, new MasterPass(undefined), roaming);
  const place = { stationId: 'cs-1' };

  beforeEach(() => {
    stored.clear();
    asked.length = 0;
    answer = { status: 'Accepted', source: 'emsp', cacheExpiresAt: '2026-12-07T00:15:00Z' };
  });

  it('asks about an unknown token (1.6 without a type, 2.x with it) and answers what the eMSP said', async () => {
    await expect(service.authorizeIdTag('UNKNOWN1', now, place)).resolves.toEqual({
      status: 'Accepted',
      expiryDate: '2026-12-07T00:15:00.000Z',
    });
    answer = { status: 'NoCredit', source: 'emsp' };
    await expect(service.authorizeIdToken({ idToken: 'UNKNOWN1', type: 'eMAID' }, now, place)).resolves.toEqual({ status: 'NoCredit' });
    expect(asked).toEqual([
      { idToken: 'UNKNOWN1', stationId: 'cs-1' },
      { idToken: 'UNKNOWN1', type: 'eMAID', stationId: 'cs-1' },
    ]);
  });

  it('asks about a roaming token stored Invalid (whitelist NEVER) or past a previous authorization, not about a blocked one', async () => {
    stored.set('ISO14443:NEVER1', token('NEVER1', { status: 'Invalid' }));
    stored.set('ISO14443:LAPSED1', token('LAPSED1', { expiryDate: new Date('2026-12-06T23:00:00Z') }));
    stored.set('ISO14443:BLOCKED1', token('BLOCKED1', { status: 'Blocked' }));
    answer = { status: 'Blocked', source: 'emsp' };
    await expect(service.authorizeIdTag('NEVER1', now, place)).resolves.toEqual({ status: 'Blocked' });
    await expect(service.authorizeIdToken({ idToken: 'LAPSED1', type: 'ISO14443' }, now, place)).resolves.toEqual({ status: 'Blocked' });
    await expect(service.authorizeIdTag('BLOCKED1', now, place)).resolves.toEqual({ status: 'Blocked' });
    expect(asked.map((r) => r.idToken)).toEqual(['NEVER1', 'LAPSED1']);
  });

  it('never asks about an accepted token or a local customer’s refused one', async () => {
    stored.set('ISO14443:OK1', token('OK1'));
    stored.set('ISO14443:LOCAL1', token('LOCAL1', { status: 'Invalid', customerId: '0f0e1c1e-0000-4000-8000-000000000000' }));
    await expect(service.authorizeIdTag('OK1', now, place)).resolves.toEqual({ status: 'Accepted' });
    await expect(service.authorizeIdTag('LOCAL1', now, place)).resolves.toEqual({ status: 'Invalid' });
    expect(asked).toEqual([]);
  });

  it('keeps the local decision when the eMSP cannot be asked', async () => {
    answer = undefined;
    stored.set('ISO14443:NEVER2', token('NEVER2', { status: 'Invalid' }));
    await expect(service.authorizeIdTag('NEVER2', now, place)).resolves.toEqual({ status: 'Invalid' });
    await expect(service.authorizeIdToken({ idToken: 'NOPE', type: 'ISO14443' }, now, place)).resolves.toEqual({ status: 'Unknown' });
  });
});
