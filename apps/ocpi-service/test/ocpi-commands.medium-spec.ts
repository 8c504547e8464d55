// The OCPI commands receiver over real HTTP on a real PostgreSQL schema: a registered eMSP (a real
// HTTP server, OcpiTestPeer) sends commands, gets the CommandResponse at once, and receives the
// CommandResult on its response_url (through the outbox) once the charge point (FakeStation, via
// the operator-command path) has answered, or TIMEOUT.
import { randomUUID } from 'node:crypto';
import { parseOcpiTokenEvent, sessionLifecycleEventContract, type SessionLifecycleEvent } from '@voltlane/contracts';
import type { OcppVersion } from '@voltlane/ocpp';
import { uniqueName, waitFor } from '@voltlane/testing';
import type { CommandAnswer, FakeStation } from '@voltlane/testing/medium';
import { OcpiTestApi } from './ocpi-test-api';
import { OcpiTestPeer, type ReceivedRequest } from './ocpi-test-peer';

let api: OcpiTestApi;
let emsp: OcpiTestPeer;
const cs16 = uniqueName('cs16');
const cs201 = uniqueName('cs201');
const offline = uniqueName('cs-off');
const LOCATION = uniqueName('LOC')
  .replace(/[^A-Za-z0-9._-]/g, '')
  .slice(0, 36);
/** What each station answers, by action (unscripted: CALLERROR NotImplemented). */
const answers = new Map<string, Record<string, CommandAnswer>>();
const stations = new Map<string, FakeStation>();
let responses = 0;

async function connect(stationId: string, protocol: OcppVersion): Promise<void> {
  const station = await api.harness.connect(stationId, protocol, {
    bootStatus: 'Accepted',
    answer: (action) => answers.get(stationId)?.[action] ?? { callError: 'NotImplemented', description: `${action} not scripted` },
  });
  stations.set(stationId, station);
}

beforeAll(async () => {
  api = await OcpiTestApi.start({ OCPI_SERVICE_COMMAND_TIMEOUT_S: '2' });
  emsp = await OcpiTestPeer.start({ roles: [{ role: 'EMSP', country_code: 'NL', party_id: 'TNM', business_details: { name: 'TNM' } }] });
  const created = await api.call('POST', '/partners', { name: 'TNM' });
  expect((await emsp.registerWith(created.body.versionsUrl, created.body.tokenA)).body.status_code).toBe(1000);
  await api.service.push.locations.put(LOCATION, {
    address: 'Stationsplein 1',
    city: 'Utrecht',
    country: 'NLD',
    latitude: '52.090737',
    longitude: '5.121420',
    timeZone: 'Europe/Amsterdam',
    stations: [{ stationId: cs16, evseCount: 2 }, { stationId: cs201 }, { stationId: offline }],
  });
  await connect(cs16, 'ocpp1.6');
  await connect(cs201, 'ocpp2.0.1');
  await api.harness.settle();
});

afterAll(async () => {
  await emsp?.stop();
  await api?.stop();
});

/** The uid of a station EVSE at the location, as partners see it. */
async function evseUid(stationId: string, evseId = 1): Promise<string> {
  const place = await api.service.push.locations.placeOf(stationId, evseId);
  if (!place) throw new Error(`${stationId} ${evseId} is not published`);
  return place.evse.uid;
}

function rfid(uid: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    country_code: 'NL',
    party_id: 'TNM',
    uid,
    type: 'RFID',
    contract_id: 'NL8ACC12E46L89',
    issuer: 'TheNewMotion',
    valid: true,
    whitelist: 'ALWAYS',
    last_updated: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

/** POSTs a command with a fresh response_url at the eMSP; resolves with the answer and that URL's path. */
async function send(command: string, body: Record<string, unknown>): Promise<{ status: number; body: any; path: string }> {
  const path = `/ocpi/emsp/2.2.1/commands/${command}/${++responses}`;
  const answer = await api.ocpi('POST', `/cpo/2.2.1/commands/${command}`, emsp.cpoToken, { response_url: `${emsp.url}${path}`, ...body });
  return { status: answer.status, body: answer.body, path };
}

/** The CommandResult the eMSP received at `path` (waits for it). */

async function resultAt(path: string): Promise<ReceivedRequest & { body: any }> {
  await waitFor(() => emsp.requestsTo('POST', path).length > 0, { timeoutMs: 10_000, message: `CommandResult at ${path}` });
  return emsp.requestsTo('POST', path)[0];
}

function lastCommand(stationId: string): { action: string; payload: Record<string, unknown> } | undefined {
  return stations.get(stationId)?.commands.at(-1);
}

function lifecycle(
  type: SessionLifecycleEvent['type'],
  sessionId: string,
  stationId: string,
  idTokenKey: string,
  transactionRef: string,
): SessionLifecycleEvent {
  const at = new Date().toISOString();
  return sessionLifecycleEventContract.outgoing({
    type,
    eventId: `${sessionId}:${type}`,
    sessionId,
    stationId,
    protocol: 'ocpp1.6',
    transactionRef,
    idTokenKey,
    connectorId: 1,
    startedAt: at,
    ...(type === 'Ended' ? { endedAt: at, meterStopWh: 1000 } : {}),
    meterStartWh: 0,
    energyWh: 0,
    chargingSeconds: 0,
    idleSeconds: 0,
    anomalies: [],
    occurredAt: at,
  });
}

describe('START_SESSION', () => {
  it('1.6: answers ACCEPTED at once, sends RemoteStartTransaction with the uid, reports ACCEPTED to response_url', async () => {
    answers.set(cs16, { RemoteStartTransaction: { status: 'Accepted' } });
    const evse = await evseUid(cs16, 2);
    const sent = await send('START_SESSION', { token: rfid('04c0ffee'), location_id: LOCATION, evse_uid: evse });
    expect([sent.status, sent.body.status_code, sent.body.data]).toEqual([200, 1000, { result: 'ACCEPTED', timeout: 2 }]);
    const result = await resultAt(sent.path);
    expect(result.body).toEqual({
      result: 'ACCEPTED',
      message: [{ language: 'en', text: 'The charge point answered RemoteStartTransaction: Accepted' }],
    });
    expect(result.token).toBe(emsp.issuedToken);
    expect([result.headers['ocpi-to-country-code'], result.headers['ocpi-to-party-id']]).toEqual(['NL', 'TNM']);
    expect(lastCommand(cs16)).toEqual({ action: 'RemoteStartTransaction', payload: { idTag: '04c0ffee', connectorId: 2 } });
    const [row] = await api.harness.query(
      `SELECT station_id, response, result, completed_at FROM commands WHERE request->'token'->>'uid' = '04c0ffee'`,
    );
    expect(row).toMatchObject({ station_id: cs16, response: 'ACCEPTED', result: 'ACCEPTED', completed_at: expect.any(Date) });
  });

  it('authorizes the command’s token for 15 minutes, whatever its whitelist, and publishes it on ocpi.tokens.v1', async () => {
    answers.set(cs201, { RequestStartTransaction: { status: 'Rejected' } });
    const token = rfid('app-user-7', { type: 'APP_USER', whitelist: 'NEVER' });
    const before = Date.now();
    const sent = await send('START_SESSION', { token, location_id: LOCATION, evse_uid: await evseUid(cs201) });
    expect(sent.body.data.result).toBe('ACCEPTED');
    const [record] = api.harness.records('OcpiTokens').filter((m) => m.key === 'APP-USER-7');
    const event = parseOcpiTokenEvent(JSON.parse(record.value));
    expect(event).toMatchObject({ uid: 'app-user-7', type: 'APP_USER', whitelist: 'NEVER', valid: true });
    expect(Date.parse(event.authorizedUntil ?? '') - before).toBeGreaterThanOrEqual(15 * 60_000 - 1000);
    // 2.x: RequestStartTransaction with an id of ours and the app token as Central; the station's Rejected is reported.
    expect((await resultAt(sent.path)).body.result).toBe('REJECTED');
    const command = lastCommand(cs201);
    expect(command).toMatchObject({
      action: 'RequestStartTransaction',
      payload: { idToken: { idToken: 'app-user-7', type: 'Central' }, evseId: 1 },
    });
    expect(command?.payload.remoteStartId).toBeGreaterThanOrEqual(1_000_000_000);
  });

  it('takes the first AVAILABLE EVSE when none is named, and refuses when none is', async () => {
    const none = await send('START_SESSION', { token: rfid('04c0ffee'), location_id: LOCATION });
    expect(none.body).toMatchObject({
      status_code: 1000,
      data: { result: 'REJECTED', message: [{ text: `No EVSE of location ${LOCATION} is available` }] },
    });
    const now = new Date().toISOString();
    await api.harness.publish('StationStatus', cs16, {
      stationId: cs16,
      protocol: 'ocpp1.6',
      connectorId: 2,
      status: 'Available',
      source: 'StatusNotification',
      timestamp: now,
      receivedAt: now,
    });
    await api.harness.settle();
    answers.set(cs16, { RemoteStartTransaction: { status: 'Accepted' } });
    const any = await send('START_SESSION', { token: rfid('04c0ffee'), location_id: LOCATION });
    expect(any.body.data.result).toBe('ACCEPTED');
    await resultAt(any.path);
    expect(lastCommand(cs16)).toEqual({ action: 'RemoteStartTransaction', payload: { idTag: '04c0ffee', connectorId: 2 } });
  });

  it('refuses an unknown location or EVSE (2003), a token of another party, an offline charge point, a token a 1.6 idTag cannot carry', async () => {
    const unknownLocation = await send('START_SESSION', { token: rfid('x1'), location_id: 'NOWHERE' });
    expect([unknownLocation.status, unknownLocation.body.status_code, unknownLocation.body.status_message]).toEqual([
      200,
      2003,
      'Unknown location NOWHERE',
    ]);
    const unknownEvse = await send('START_SESSION', { token: rfid('x1'), location_id: LOCATION, evse_uid: 'NO-SUCH-EVSE' });
    expect(unknownEvse.body.status_code).toBe(2003);
    const foreign = await send('START_SESSION', {
      token: rfid('x1', { country_code: 'DE', party_id: 'ABC' }),
      location_id: LOCATION,
      evse_uid: await evseUid(cs16),
    });
    expect(foreign.body.data).toMatchObject({
      result: 'REJECTED',
      message: [{ text: expect.stringContaining('DE*ABC, which is not one of your parties') }],
    });
    const down = await send('START_SESSION', { token: rfid('x1'), location_id: LOCATION, evse_uid: await evseUid(offline) });
    expect(down.body.data).toMatchObject({ result: 'REJECTED', message: [{ text: 'The charge point is not connected' }] });
    const long = await send('START_SESSION', { token: rfid('X'.repeat(21)), location_id: LOCATION, evse_uid: await evseUid(cs16) });
    expect(long.body.data).toMatchObject({
      result: 'REJECTED',
      message: [{ text: expect.stringContaining('ocpp1.6 RemoteStartTransaction') }],
    });
    // None of these reaches a station or the eMSP's response_url; each is stored with its answer.
    await api.service.tokens.executor.idle();
    for (const refused of [foreign, down, long]) expect(emsp.requestsTo('POST', refused.path)).toEqual([]);
    const stored = await api.harness.query<{ response: string }>(
      `SELECT response FROM commands WHERE request->'token'->>'uid' IN ('x1', $1)`,
      ['X'.repeat(21)],
    );
    expect(stored.map((r) => r.response)).toEqual(['REJECTED', 'REJECTED', 'REJECTED']);
  });

  it('answers 2001 for an invalid object or an unknown command', async () => {
    const invalid = await send('START_SESSION', { token: rfid('x2', { whitelist: 'MAYBE' }) });
    expect([invalid.status, invalid.body.status_code]).toEqual([400, 2001]);
    expect(invalid.body.status_message).toBe(
      'Invalid START_SESSION: token.whitelist must be one of ALWAYS, ALLOWED, ALLOWED_OFFLINE, NEVER; location_id is required',
    );
    const unknown = await send('SET_CHARGING_PROFILE', {});
    expect([unknown.status, unknown.body.status_code]).toEqual([400, 2001]);
  });
});

describe('STOP_SESSION', () => {
  it('stops a roaming session of the caller’s token at its station (RemoteStopTransaction with the transaction id)', async () => {
    await api.ocpi('PUT', '/cpo/2.2.1/tokens/NL/TNM/stop-me', emsp.cpoToken, rfid('stop-me'));
    const sessionId = randomUUID();
    await api.harness.publish('SessionLifecycle', cs16, lifecycle('Started', sessionId, cs16, 'ISO14443:STOP-ME', '4711'));
    await api.harness.settle();
    answers.set(cs16, { RemoteStopTransaction: { status: 'Accepted' } });
    const sent = await send('STOP_SESSION', { session_id: sessionId });
    expect(sent.body.data).toEqual({ result: 'ACCEPTED', timeout: 2 });
    expect((await resultAt(sent.path)).body.result).toBe('ACCEPTED');
    expect(lastCommand(cs16)).toEqual({ action: 'RemoteStopTransaction', payload: { transactionId: 4711 } });

    await api.harness.publish('SessionLifecycle', cs16, lifecycle('Ended', sessionId, cs16, 'ISO14443:STOP-ME', '4711'));
    await api.harness.settle();
    const ended = await send('STOP_SESSION', { session_id: sessionId });
    expect(ended.body.data).toMatchObject({ result: 'REJECTED', message: [{ text: 'The session has ended' }] });
  });

  it('UNKNOWN_SESSION for a session it does not know; REJECTED for a session of another party’s token', async () => {
    expect((await send('STOP_SESSION', { session_id: randomUUID() })).body.data).toMatchObject({ result: 'UNKNOWN_SESSION' });
    expect((await send('STOP_SESSION', { session_id: 'not-a-uuid' })).body.data).toMatchObject({ result: 'UNKNOWN_SESSION' });
    await api.harness.query(
      `INSERT INTO tokens (country_code, party_id, uid, type, contract_id, valid, whitelist, body, last_updated)
       VALUES ('DE', 'ABC', 'their-card', 'RFID', 'DE-1', true, 'ALWAYS', '{}', now())`,
    );
    const theirs = randomUUID();
    await api.harness.publish('SessionLifecycle', cs16, lifecycle('Started', theirs, cs16, 'ISO14443:THEIR-CARD', '4712'));
    await api.harness.settle();
    expect((await send('STOP_SESSION', { session_id: theirs })).body.data).toMatchObject({ result: 'REJECTED' });
  });
});

describe('RESERVE_NOW, CANCEL_RESERVATION, UNLOCK_CONNECTOR', () => {
  it('reserves with an id of ours and cancels that reservation by the eMSP’s reservation_id', async () => {
    answers.set(cs16, { ReserveNow: { status: 'Accepted' }, CancelReservation: { status: 'Rejected' } });
    const expiry = new Date(Date.now() + 3_600_000).toISOString();
    const reserve = await send('RESERVE_NOW', {
      token: rfid('04c0ffee'),
      expiry_date: expiry,
      reservation_id: 'R-1',
      location_id: LOCATION,
      evse_uid: await evseUid(cs16),
    });
    expect(reserve.body.data.result).toBe('ACCEPTED');
    expect((await resultAt(reserve.path)).body.result).toBe('ACCEPTED');
    const reserved = lastCommand(cs16);
    expect(reserved).toMatchObject({ action: 'ReserveNow', payload: { connectorId: 1, expiryDate: expiry, idTag: '04c0ffee' } });
    const reservationId = reserved?.payload.reservationId;
    expect(reservationId).toBeGreaterThanOrEqual(1_000_000_000);

    const cancel = await send('CANCEL_RESERVATION', { reservation_id: 'r-1' });
    expect(cancel.body.data.result).toBe('ACCEPTED');
    expect((await resultAt(cancel.path)).body.result).toBe('UNKNOWN_RESERVATION');
    expect(lastCommand(cs16)).toEqual({ action: 'CancelReservation', payload: { reservationId } });
    expect((await send('CANCEL_RESERVATION', { reservation_id: 'R-404' })).body.data).toMatchObject({ result: 'REJECTED' });
  });

  it('unlocks a 2.x connector; a station that does not implement it gives NOT_SUPPORTED', async () => {
    answers.set(cs201, {});
    const sent = await send('UNLOCK_CONNECTOR', { location_id: LOCATION, evse_uid: await evseUid(cs201), connector_id: '1' });
    expect(sent.body.data.result).toBe('ACCEPTED');
    expect((await resultAt(sent.path)).body.result).toBe('NOT_SUPPORTED');
    expect(lastCommand(cs201)).toEqual({ action: 'UnlockConnector', payload: { evseId: 1, connectorId: 1 } });
  });
});

describe('results that do not come', () => {
  it('reports TIMEOUT when the charge point does not answer within the timeout', async () => {
    answers.set(cs16, { UnlockConnector: 'no-answer' });
    const sent = await send('UNLOCK_CONNECTOR', { location_id: LOCATION, evse_uid: await evseUid(cs16), connector_id: '1' });
    expect(sent.body.data).toEqual({ result: 'ACCEPTED', timeout: 2 });
    expect((await resultAt(sent.path)).body.result).toBe('TIMEOUT');
  });

  it('reports TIMEOUT, once, for an accepted command whose result was never recorded (the service stopped meanwhile)', async () => {
    const commandId = randomUUID();
    const path = `/ocpi/emsp/2.2.1/commands/START_SESSION/lost-${commandId}`;
    const [partner] = await api.harness.query<{ partner_id: string }>(`SELECT partner_id FROM partners WHERE status = 'REGISTERED'`);
    await api.harness.query(
      `INSERT INTO commands (command_id, partner_id, command, response_url, station_id, request, response, created_at)
       VALUES ($1, $2, 'START_SESSION', $3, $4, $5, 'ACCEPTED', now() - interval '1 minute')`,
      [
        commandId,
        partner.partner_id,
        `${emsp.url}${path}`,
        cs16,
        { command: 'START_SESSION', response_url: `${emsp.url}${path}`, token: rfid('lost-1'), location_id: LOCATION },
      ],
    );
    await api.service.tokens.executor.sweep();
    await api.service.tokens.executor.sweep();
    expect((await resultAt(path)).body.result).toBe('TIMEOUT');
    await api.service.push.sender.sendDue();
    expect(emsp.requestsTo('POST', path)).toHaveLength(1);
    expect(await api.harness.query(`SELECT result FROM commands WHERE command_id = $1`, [commandId])).toEqual([{ result: 'TIMEOUT' }]);
  });
});
