import { isCommandType, parseCommand, type CommandRequest } from './command-requests';

const token = {
  country_code: 'DE',
  party_id: 'ABC',
  uid: 'app-user-1',
  type: 'APP_USER',
  contract_id: 'DE8ACC12E46L89',
  issuer: 'ABC Mobility',
  valid: true,
  whitelist: 'NEVER',
  last_updated: '2026-03-02T17:00:00Z',
};
const responseUrl = 'https://emsp.example.com/ocpi/emsp/2.2.1/commands/START_SESSION/42';

function parsed(command: Parameters<typeof parseCommand>[0], body: unknown): CommandRequest {
  const result = parseCommand(command, body);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

function problem(command: Parameters<typeof parseCommand>[0], body: unknown): string {
  const result = parseCommand(command, body);
  if (result.ok) throw new Error('expected a problem');
  return result.message;
}

describe('OCPI command objects (mod_commands)', () => {
  it('knows the five commands and nothing else', () => {
    expect(['START_SESSION', 'STOP_SESSION', 'RESERVE_NOW', 'CANCEL_RESERVATION', 'UNLOCK_CONNECTOR'].every(isCommandType)).toBe(true);
    expect(isCommandType('start_session')).toBe(false);
    expect(isCommandType('SET_CHARGING_PROFILE')).toBe(false);
  });

  it('reads a StartSession with its token, dropping an empty optional id', () => {
    const request = parsed('START_SESSION', {
      response_url: responseUrl,
      token,
      location_id: 'LOC1',
      evse_uid: 'CS-1-1',
      connector_id: '1',
      authorization_reference: '',
    });
    expect(request).toEqual({
      command: 'START_SESSION',
      response_url: responseUrl,
      token: { ...token, last_updated: '2026-03-02T17:00:00.000Z' },
      location_id: 'LOC1',
      evse_uid: 'CS-1-1',
      connector_id: '1',
    });
  });

  it('requires evse_uid with connector_id, a valid token and an absolute response_url', () => {
    const message = problem('START_SESSION', {
      response_url: '/relative',
      token: { ...token, type: 'CARD' },
      location_id: 'LOC1',
      connector_id: '1',
    });
    expect(message).toContain('response_url must be an absolute http(s) URL');
    expect(message).toContain('token.type must be one of');
    expect(message).toContain('evse_uid is required when connector_id is set');
  });

  it('reads StopSession, CancelReservation and UnlockConnector, each field required', () => {
    expect(parsed('STOP_SESSION', { response_url: responseUrl, session_id: 'S1' })).toEqual({
      command: 'STOP_SESSION',
      response_url: responseUrl,
      session_id: 'S1',
    });
    expect(problem('STOP_SESSION', { response_url: responseUrl })).toBe('Invalid STOP_SESSION: session_id is required');
    expect(problem('CANCEL_RESERVATION', { reservation_id: 'R1' })).toBe('Invalid CANCEL_RESERVATION: response_url is required');
    expect(problem('UNLOCK_CONNECTOR', { response_url: responseUrl, location_id: 'L', evse_uid: 'E' })).toBe(
      'Invalid UNLOCK_CONNECTOR: connector_id is required',
    );
  });

  it('reads a ReserveNow with its expiry as UTC', () => {
    expect(
      parsed('RESERVE_NOW', {
        response_url: responseUrl,
        token,
        expiry_date: '2026-03-02T18:00:00',
        reservation_id: 'R-7',
        location_id: 'LOC1',
      }),
    ).toMatchObject({ command: 'RESERVE_NOW', expiry_date: '2026-03-02T18:00:00.000Z', reservation_id: 'R-7' });
    expect(problem('RESERVE_NOW', { response_url: responseUrl, token, reservation_id: 'R-7', location_id: 'LOC1' })).toContain(
      'expiry_date is required',
    );
  });

  it('refuses a body that is no object', () => {
    expect(problem('STOP_SESSION', [1, 2])).toBe('Invalid STOP_SESSION: the body must be a JSON object');
  });
});
