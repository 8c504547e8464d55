import type { Tariff } from '@voltlane/billing-domain';
import { aTariff } from '@voltlane/billing-domain/testing';
import { sessionLifecycleEventContract, type SessionLifecycleEvent } from '@voltlane/contracts';
import {
  changeSession,
  evseOf,
  kwhOf,
  newSession,
  ocpiTypeOfKey,
  originOf,
  placeOf,
  sessionCost,
  tokenValueOf,
  type OcpiSession,
  type RoamingToken,
} from './session-mapping';

const SESSION_ID = '6f1c2a9e-4b7d-4c3e-9a51-2d8e0f7b1c44';
const CPO = { countryCode: 'NL', partyId: 'VLT' };
const TOKEN: RoamingToken = {
  countryCode: 'DE',
  partyId: 'EMS',
  uid: '04a2b3c4',
  type: 'RFID',
  contractId: 'DE-EMS-C12345678',
  whitelist: 'ALLOWED',
};
const PLACE = { locationId: 'LOC-1', evseUid: 'CP-1-1', connectorId: '1' };
const NOW = new Date('2026-03-02T10:05:00.000Z');

function event(type: SessionLifecycleEvent['type'], fields: Partial<SessionLifecycleEvent> = {}): SessionLifecycleEvent {
  return sessionLifecycleEventContract.outgoing({
    type,
    eventId: `${SESSION_ID}:${type}`,
    sessionId: SESSION_ID,
    stationId: 'CP-1',
    protocol: 'ocpp1.6',
    transactionRef: '4711',
    idTokenKey: 'ISO14443:04A2B3C4',
    connectorId: 1,
    startedAt: '2026-03-02T10:00:00.000Z',
    meterStartWh: 1000,
    energyWh: 0,
    chargingSeconds: 0,
    idleSeconds: 0,
    anomalies: [],
    occurredAt: '2026-03-02T10:00:00.000Z',
    ...fields,
  });
}

/** The session its first record makes (a token of the eMSP, started by WHITELIST, no cost yet). */
function started(first: SessionLifecycleEvent = event('Started')): OcpiSession {
  const { session } = newSession({
    event: first,
    cpo: CPO,
    token: TOKEN,
    place: PLACE,
    origin: { authMethod: 'WHITELIST' },
    currency: 'EUR',
    totalCost: undefined,
    now: NOW,
  });
  return session;
}

/** 0.30/kWh, 0.02/charging minute, 19 % VAT, HALF_UP; no bands. */
const TARIFF: Tariff = aTariff({
  name: 'Standard',
  timeZone: 'Europe/Amsterdam',
  energyPerKwh: '0.30',
  chargingPerMinute: '0.02',
  taxRatePercent: '19',
  validFrom: new Date('2026-01-01T00:00:00Z'),
});

describe('id token keys', () => {
  it('take the value after the OCPP type, upper-cased (a value may hold colons)', () => {
    expect(tokenValueOf('ISO14443:04a2B3c4')).toBe('04A2B3C4');
    expect(tokenValueOf('MacAddress:aa:bb:cc')).toBe('AA:BB:CC');
    expect(tokenValueOf('NOTYPE')).toBe('NOTYPE');
  });

  it('suggest the OCPI token type of the OCPP type', () => {
    expect(ocpiTypeOfKey('ISO14443:1')).toBe('RFID');
    expect(ocpiTypeOfKey('ISO15693:1')).toBe('RFID');
    expect(ocpiTypeOfKey('eMAID:1')).toBe('APP_USER');
    expect(ocpiTypeOfKey('KeyCode:1')).toBeUndefined();
  });
});

describe('how a session was authorized', () => {
  it('is COMMAND with the reference of a START_SESSION, else WHITELIST, or AUTH_REQUEST for a token never whitelisted', () => {
    expect(originOf(TOKEN, { authorizationReference: 'ref-9' })).toEqual({ authMethod: 'COMMAND', authorizationReference: 'ref-9' });
    expect(originOf(TOKEN, {})).toEqual({ authMethod: 'COMMAND' });
    expect(originOf(TOKEN, undefined)).toEqual({ authMethod: 'WHITELIST' });
    expect(originOf({ ...TOKEN, whitelist: 'NEVER' }, undefined)).toEqual({ authMethod: 'AUTH_REQUEST' });
  });

  it('is AUTH_REQUEST with the eMSP’s reference after a real-time authorization (a command still wins)', () => {
    expect(originOf(TOKEN, undefined, { authorizationReference: 'rt-1' })).toEqual({
      authMethod: 'AUTH_REQUEST',
      authorizationReference: 'rt-1',
    });
    expect(originOf(TOKEN, undefined, {})).toEqual({ authMethod: 'AUTH_REQUEST' });
    expect(originOf(TOKEN, { authorizationReference: 'ref-9' }, { authorizationReference: 'rt-1' })).toEqual({
      authMethod: 'COMMAND',
      authorizationReference: 'ref-9',
    });
  });
});

describe('where a session runs', () => {
  const location = {
    locationId: 'LOC-1',
    name: null,
    address: 'Main St 1',
    city: 'Utrecht',
    postalCode: null,
    state: null,
    country: 'NLD',
    latitude: '52.090737',
    longitude: '5.121420',
    connector: { standard: 'IEC_62196_T2', format: 'SOCKET', powerType: 'AC_3_PHASE' } as const,
  };

  it('is the published location and EVSE, or the EVSE uid it will be published with', () => {
    expect(placeOf('CP-1', 2, { location, evseUid: 'CP-1-2' })).toEqual({ locationId: 'LOC-1', evseUid: 'CP-1-2', connectorId: '1' });
    expect(placeOf('CP-1', 2, { location, evseUid: null })).toEqual({ locationId: 'LOC-1', evseUid: 'CP-1-2', connectorId: '1' });
  });

  it('names a station in no location by its id (hashed to 36 characters when longer), and an unknown EVSE #NA', () => {
    expect(placeOf('CP-1', 1, { location: null, evseUid: null })).toEqual({ locationId: 'CP-1', evseUid: 'CP-1-1', connectorId: '1' });
    const long = placeOf('A-STATION-ID-THAT-IS-LONGER-THAN-36-CHARS', undefined, { location: null, evseUid: null });
    expect(long.locationId).toMatch(/^[0-9a-f]{36}$/);
    expect(long).toMatchObject({ evseUid: '#NA', connectorId: '#NA' });
    expect(evseOf({ connectorId: 0 })).toBeUndefined();
    expect(evseOf({ evseId: 3, connectorId: 1 })).toBe(3);
  });
});

describe('a new roaming session', () => {
  it('is the whole OCPI Session, ACTIVE, pushed with PUT', () => {
    const { session, push } = newSession({
      event: event('Started'),
      cpo: CPO,
      token: TOKEN,
      place: PLACE,
      origin: { authMethod: 'COMMAND', authorizationReference: 'ref-1' },
      currency: 'EUR',
      totalCost: { excl_vat: 0, incl_vat: 0 },
      now: NOW,
    });
    expect(session).toEqual({
      country_code: 'NL',
      party_id: 'VLT',
      id: SESSION_ID,
      start_date_time: '2026-03-02T10:00:00.000Z',
      kwh: 0,
      cdr_token: { country_code: 'DE', party_id: 'EMS', uid: '04a2b3c4', type: 'RFID', contract_id: 'DE-EMS-C12345678' },
      auth_method: 'COMMAND',
      authorization_reference: 'ref-1',
      location_id: 'LOC-1',
      evse_uid: 'CP-1-1',
      connector_id: '1',
      currency: 'EUR',
      total_cost: { excl_vat: 0, incl_vat: 0 },
      status: 'ACTIVE',
      last_updated: NOW.toISOString(),
    });
    expect(push).toEqual({ method: 'PUT', body: session });
  });

  it('is COMPLETED when its first record is an Ended (it overtook its Started)', () => {
    const ended = event('Ended', { endedAt: '2026-03-02T11:00:00.000Z', energyWh: 7250, occurredAt: '2026-03-02T11:00:00.000Z' });
    const session = started(ended);
    expect(session).toMatchObject({ status: 'COMPLETED', end_date_time: '2026-03-02T11:00:00.000Z', kwh: 7.25 });
    expect(session).not.toHaveProperty('total_cost');
  });
});

describe('a lifecycle record on a stored session', () => {
  const interval = 60_000;

  it('pushes more energy (PATCH kwh, last_updated, total_cost) when the throttle allows', () => {
    const change = changeSession(
      { session: started(), pushedAt: new Date(NOW.getTime() - interval) },
      event('Updated', { energyWh: 12345 }),
      {
        totalCost: { excl_vat: 3.7, incl_vat: 4.4 },
        now: NOW,
        updateIntervalMs: interval,
      },
    );
    expect(change?.session).toMatchObject({ kwh: 12.345, total_cost: { excl_vat: 3.7, incl_vat: 4.4 }, status: 'ACTIVE' });
    expect(change?.push).toEqual({
      method: 'PATCH',
      body: { kwh: 12.345, total_cost: { excl_vat: 3.7, incl_vat: 4.4 }, last_updated: NOW.toISOString() },
    });
  });

  it('stores but does not push an update within the interval of the last push', () => {
    const change = changeSession(
      { session: started(), pushedAt: new Date(NOW.getTime() - interval + 1) },
      event('Updated', { energyWh: 500 }),
      {
        totalCost: undefined,
        now: NOW,
        updateIntervalMs: interval,
      },
    );
    expect(change?.session.kwh).toBe(0.5);
    expect(change?.push).toBeUndefined();
  });

  it('changes nothing for a re-delivered or older Updated, a second Started, or anything after COMPLETED', () => {
    const stored = { session: { ...started(), kwh: 2 }, pushedAt: null };
    const context = { totalCost: undefined, now: NOW, updateIntervalMs: 0 };
    expect(changeSession(stored, event('Updated', { energyWh: 2000 }), context)).toBeUndefined();
    expect(changeSession(stored, event('Updated', { energyWh: 1500 }), context)).toBeUndefined();
    expect(changeSession(stored, event('Started'), context)).toBeUndefined();
    const completed = { session: { ...stored.session, status: 'COMPLETED' as const }, pushedAt: null };
    expect(changeSession(completed, event('Ended', { endedAt: '2026-03-02T11:00:00.000Z', energyWh: 3000 }), context)).toBeUndefined();
  });

  it('pushes a higher cost even without more energy (time-based prices)', () => {
    const stored = { session: { ...started(), kwh: 2, total_cost: { excl_vat: 1, incl_vat: 1.19 } }, pushedAt: null };
    const change = changeSession(stored, event('Updated', { energyWh: 2000 }), {
      totalCost: { excl_vat: 1.2, incl_vat: 1.43 },
      now: NOW,
      updateIntervalMs: 0,
    });
    expect(change?.push?.body).toEqual({ kwh: 2, total_cost: { excl_vat: 1.2, incl_vat: 1.43 }, last_updated: NOW.toISOString() });
  });

  it('completes the session at Ended, at once whatever the throttle (PATCH status, end_date_time, kwh, last_updated)', () => {
    const ended = event('Ended', { endedAt: '2026-03-02T11:00:00.000Z', energyWh: 7250, occurredAt: '2026-03-02T11:00:05.000Z' });
    const change = changeSession({ session: started(), pushedAt: NOW }, ended, {
      totalCost: undefined,
      now: NOW,
      updateIntervalMs: interval,
    });
    expect(change?.session).toMatchObject({ status: 'COMPLETED', end_date_time: '2026-03-02T11:00:00.000Z', kwh: 7.25 });
    expect(change?.push).toEqual({
      method: 'PATCH',
      body: { status: 'COMPLETED', end_date_time: '2026-03-02T11:00:00.000Z', kwh: 7.25, last_updated: NOW.toISOString() },
    });
  });

  it('pushes the EVSE once it is learnt (a 2.x transaction that names it late)', () => {
    const unplaced = { session: { ...started(), evse_uid: '#NA', connector_id: '#NA' }, pushedAt: NOW };
    const change = changeSession(unplaced, event('Updated', { energyWh: 0 }), {
      totalCost: undefined,
      now: NOW,
      updateIntervalMs: interval,
      place: { locationId: 'LOC-1', evseUid: 'CP-1-2', connectorId: '1' },
    });
    expect(change?.push?.body).toEqual({ kwh: 0, evse_uid: 'CP-1-2', connector_id: '1', last_updated: NOW.toISOString() });
  });
});

describe('numbers', () => {
  it('gives kWh exactly from Wh', () => {
    expect(kwhOf(12345)).toBe(12.345);
    expect(kwhOf(0.4)).toBe(0.0004);
    expect(kwhOf(1)).toBe(0.001);
  });
});

describe('the running cost', () => {
  it('is the billing rules over the record’s totals, up to the record’s time, exact to the cent with VAT', () => {
    // 12.345 kWh × 0.30 = 3.7035 → 3.70; 30 charging minutes × 0.02 = 0.60; net 4.30; VAT 19 % = 0.817 → 0.82; gross 5.12.
    const updated = event('Updated', { energyWh: 12345, chargingSeconds: 1800, occurredAt: '2026-03-02T10:30:00.000Z' });
    expect(sessionCost(TARIFF, updated)).toEqual({ excl_vat: 4.3, incl_vat: 5.12 });
    expect(JSON.stringify(sessionCost(TARIFF, updated))).toBe('{"excl_vat":4.3,"incl_vat":5.12}');
  });

  it('costs an Ended session up to its end', () => {
    const ended = event('Ended', {
      endedAt: '2026-03-02T11:00:00.000Z',
      energyWh: 10000,
      chargingSeconds: 3600,
      occurredAt: '2026-03-02T12:00:00.000Z',
    });
    // 10 kWh × 0.30 = 3.00; 60 min × 0.02 = 1.20; net 4.20; VAT 0.798 → 0.80; gross 5.00.
    expect(sessionCost(TARIFF, ended)).toEqual({ excl_vat: 4.2, incl_vat: 5 });
  });
});
