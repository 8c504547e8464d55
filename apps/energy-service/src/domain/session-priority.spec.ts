import { sessionPriority } from './session-priority';

const rules = [
  { match: 'token' as const, value: 'ISO14443:VIP1', priority: 10 },
  { match: 'token' as const, value: 'FLEET7', priority: 5 },
  { match: 'group' as const, value: 'DEPOT', priority: 3 },
];

describe('sessionPriority', () => {
  it.each([
    ['ISO14443:VIP1', undefined, null, 10],
    ['iso14443:vip1', undefined, 2, 12],
    ['Central:FLEET7', 'DEPOT', null, 5],
    ['ISO14443:OTHER', 'depot', null, 3],
    ['ISO14443:OTHER', undefined, -1, -1],
    [null, undefined, null, 0],
  ])('token %s, group %s, EVSE priority %s → %s', (token, group, evse, expected) => {
    expect(sessionPriority(token, group, evse, rules)).toBe(expected);
  });
});
