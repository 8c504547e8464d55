import { decideStatus, type ConnectorStatusFacts } from './status-ordering';

const T0 = new Date('2025-01-23T12:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

function aStatus(overrides: Partial<ConnectorStatusFacts> = {}): ConnectorStatusFacts {
  return { status: 'Available', errorCode: 'NoError', statusAt: T0, ...overrides };
}

describe('decideStatus', () => {
  it('applies and publishes the first status of a connector', () => {
    expect(decideStatus(null, aStatus())).toEqual({ apply: true, changed: true });
  });

  it.each([
    ['a newer different status', aStatus({ status: 'Charging', statusAt: at(10) }), { apply: true, changed: true }],
    ['a late, older status', aStatus({ status: 'Preparing', statusAt: at(-10) }), { apply: false, changed: false }],
    ['a late, older identical status', aStatus({ statusAt: at(-1) }), { apply: false, changed: false }],
    ['the same status again (redelivery)', aStatus(), { apply: true, changed: false }],
    ['the same status, newer', aStatus({ statusAt: at(60) }), { apply: true, changed: false }],
    ['a different status with the same timestamp', aStatus({ status: 'Unavailable' }), { apply: true, changed: true }],
    ['a new errorCode', aStatus({ status: 'Available', errorCode: 'HighTemperature', statusAt: at(1) }), { apply: true, changed: true }],
    ['new info', aStatus({ info: 'door open', statusAt: at(1) }), { apply: true, changed: true }],
    ['a new vendorErrorCode', aStatus({ vendorErrorCode: 'E42', statusAt: at(1) }), { apply: true, changed: true }],
  ])('%s', (_name, incoming, expected) => {
    expect(decideStatus(aStatus({ info: null, vendorErrorCode: null }), incoming)).toEqual(expected);
  });

  it('treats absent and null error fields alike (2.x has none)', () => {
    expect(decideStatus(aStatus({ errorCode: null }), aStatus({ errorCode: undefined, statusAt: at(1) }))).toEqual({
      apply: true,
      changed: false,
    });
  });
});
