import { MasterPass } from './master-pass';

describe('MasterPass', () => {
  const pass = new MasterPass('MasterGroup');

  it.each([
    [{ groupIdToken: { idToken: 'MasterGroup', type: 'Central' } }, true],
    [{ groupIdToken: { idToken: 'mastergroup', type: 'ISO14443' } }, true],
    [{ groupIdToken: { idToken: 'OtherGroup', type: 'Central' } }, false],
    [{ groupIdToken: null }, false],
    [{}, false],
    [null, false],
  ])('%j → %s', (token, expected) => {
    expect(pass.isMasterPass(token)).toBe(expected);
  });

  it('recognises no token when no group is configured', () => {
    expect(new MasterPass(undefined).isMasterPass({ groupIdToken: { idToken: 'MasterGroup', type: 'Central' } })).toBe(false);
  });
});
