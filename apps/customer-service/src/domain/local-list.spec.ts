import type { CustomerTokenSnapshot } from '@voltlane/contracts';
import {
  applyUpdate,
  diffEntries,
  entryOf,
  isUsableListVersion,
  readReportedVersion,
  readSendLocalList,
  sendLocalListRequest,
  uniqueEntries,
} from './local-list';

const NOW = new Date('2030-01-01T00:00:00.000Z');
const token = (over: Partial<CustomerTokenSnapshot> = {}): CustomerTokenSnapshot => ({
  key: 'ISO14443:AB12',
  idTagKey: 'AB12',
  idToken: 'ab12',
  type: 'ISO14443',
  status: 'Accepted',
  revision: 1,
  deleted: false,
  updatedAt: NOW.toISOString(),
  ...over,
});

describe('local authorization list (pure)', () => {
  it('maps a token to a 1.6 idTag/idTagInfo entry with expiry and parentIdTag', () => {
    expect(
      entryOf('ocpp1.6', token({ expiryDate: '2031-01-01T00:00:00.000Z', groupIdToken: { idToken: 'FLEET', type: 'Central' } }), NOW),
    ).toEqual({
      idTag: 'ab12',
      idTagInfo: { status: 'Accepted', expiryDate: '2031-01-01T00:00:00.000Z', parentIdTag: 'FLEET' },
    });
  });

  it('maps a token to a 2.x idToken/idTokenInfo entry, and a past expiry to Expired', () => {
    expect(
      entryOf('ocpp2.0.1', token({ expiryDate: '2020-01-01T00:00:00.000Z', groupIdToken: { idToken: 'FLEET', type: 'Central' } }), NOW),
    ).toEqual({
      idToken: { idToken: 'ab12', type: 'ISO14443' },
      idTokenInfo: {
        status: 'Expired',
        cacheExpiryDateTime: '2020-01-01T00:00:00.000Z',
        groupIdToken: { idToken: 'FLEET', type: 'Central' },
      },
    });
  });

  it('leaves out tokens a version cannot carry (1.6 > 20 characters, 2.0.1 unknown type, NoAuthorization)', () => {
    expect(entryOf('ocpp1.6', token({ idToken: 'X'.repeat(21) }), NOW)).toBeNull();
    expect(entryOf('ocpp2.0.1', token({ type: 'Custom1' }), NOW)).toBeNull();
    expect(entryOf('ocpp2.1', token({ type: 'Custom1' }), NOW)).not.toBeNull();
    expect(entryOf('ocpp2.0.1', token({ type: 'NoAuthorization' }), NOW)).toBeNull();
  });

  it('builds the request in the version field names, without an empty list', () => {
    expect(sendLocalListRequest('ocpp1.6', 'Full', 3, [])).toEqual({ listVersion: 3, updateType: 'Full' });
    expect(sendLocalListRequest('ocpp2.0.1', 'Differential', 4, [{ idToken: { idToken: 'a', type: 'Local' } }])).toEqual({
      versionNumber: 4,
      updateType: 'Differential',
      localAuthorizationList: [{ idToken: { idToken: 'a', type: 'Local' } }],
    });
    expect(readSendLocalList('ocpp1.6', { listVersion: 3, updateType: 'Full' })).toEqual({ version: 3, updateType: 'Full', entries: [] });
    expect(readReportedVersion('ocpp2.1', { versionNumber: 7 })).toBe(7);
    expect(readReportedVersion('ocpp1.6', { listVersion: -1 })).toBe(-1);
  });

  it('diffs a stored list against the desired one: changes with info, removals without', () => {
    const a = { idTag: 'A', idTagInfo: { status: 'Accepted' } };
    const b = { idTag: 'B', idTagInfo: { status: 'Accepted' } };
    const bBlocked = { idTag: 'b', idTagInfo: { status: 'Blocked' } };
    const c = { idTag: 'C', idTagInfo: { status: 'Accepted' } };
    expect(diffEntries('ocpp1.6', [a, b], [a, bBlocked, c])).toEqual([bBlocked, c]);
    expect(diffEntries('ocpp1.6', [a, b], [b])).toEqual([{ idTag: 'A' }]);
    expect(diffEntries('ocpp1.6', [a], [{ idTagInfo: { status: 'Accepted' }, idTag: 'A' }])).toEqual([]);
  });

  it('applies accepted updates: Full replaces, Differential upserts and removes', () => {
    const a = { idToken: { idToken: 'a', type: 'Local' }, idTokenInfo: { status: 'Accepted' } };
    const b = { idToken: { idToken: 'b', type: 'Local' }, idTokenInfo: { status: 'Accepted' } };
    expect(applyUpdate('ocpp2.0.1', [a], 'Full', [b])).toEqual([b]);
    expect(applyUpdate('ocpp2.0.1', [a, b], 'Differential', [{ idToken: { idToken: 'A', type: 'Local' } }])).toEqual([b]);
    const blocked = { ...b, idTokenInfo: { status: 'Blocked' } };
    expect(applyUpdate('ocpp2.0.1', [a, b], 'Differential', [blocked])).toEqual([a, blocked]);
  });

  it('keeps one entry per 1.6 idTag (case-insensitive) and refuses versions 0 and -1', () => {
    expect(uniqueEntries('ocpp1.6', [{ idTag: 'ab' }, { idTag: 'AB' }])).toEqual([{ idTag: 'ab' }]);
    expect(isUsableListVersion(0)).toBe(false);
    expect(isUsableListVersion(-1)).toBe(false);
    expect(isUsableListVersion(1.5)).toBe(false);
    expect(isUsableListVersion(1)).toBe(true);
  });
});
