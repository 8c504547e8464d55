import type { CommandResultEnvelope } from '@voltlane/contracts';
import { ocppValidator } from '@voltlane/ocpp';
import {
  cancelReservationCall,
  commandResultOf,
  reserveNowCall,
  startSessionCall,
  stopSessionCall,
  unlockConnectorCall,
} from './command-ocpp';

const rfid = { uid: 'AABBCCDD', type: 'RFID' as const };
const app = { uid: 'app-user-1', type: 'APP_USER' as const };

function answer(action: string, overrides: Partial<CommandResultEnvelope>): CommandResultEnvelope {
  return {
    kind: 'command-result',
    correlationId: 'c-1',
    stationId: 'CS-1',
    protocol: 'ocpp1.6',
    request: { action, payload: {} },
    outcome: 'result',
    ...overrides,
  };
}

describe('OCPP calls of OCPI commands', () => {
  it('START_SESSION: 1.6 RemoteStartTransaction with the uid as idTag, 2.x RequestStartTransaction with a typed idToken', () => {
    expect(startSessionCall('ocpp1.6', rfid, 2, 0)).toEqual({
      action: 'RemoteStartTransaction',
      payload: { idTag: 'AABBCCDD', connectorId: 2 },
    });
    expect(startSessionCall('ocpp2.0.1', rfid, 1, 1_000_000_007)).toEqual({
      action: 'RequestStartTransaction',
      payload: { remoteStartId: 1_000_000_007, idToken: { idToken: 'AABBCCDD', type: 'ISO14443' }, evseId: 1 },
    });
    expect(startSessionCall('ocpp2.1', app, null, 5).payload).toEqual({
      remoteStartId: 5,
      idToken: { idToken: 'app-user-1', type: 'Central' },
    });
  });

  it('STOP_SESSION: the 1.6 integer transaction id or the 2.x station id; a 1.6 ref that is no integer cannot be stopped', () => {
    expect(stopSessionCall('ocpp1.6', '4711')).toEqual({ action: 'RemoteStopTransaction', payload: { transactionId: 4711 } });
    expect(stopSessionCall('ocpp2.0.1', 'tx-9')).toEqual({ action: 'RequestStopTransaction', payload: { transactionId: 'tx-9' } });
    expect(stopSessionCall('ocpp1.6', 'tx-9')).toEqual({ unsupported: expect.stringContaining('not a positive integer') });
  });

  it('RESERVE_NOW / CANCEL_RESERVATION / UNLOCK_CONNECTOR per version', () => {
    expect(reserveNowCall('ocpp1.6', rfid, null, '2026-03-02T18:00:00.000Z', 1_000_000_001).payload).toEqual({
      connectorId: 0,
      expiryDate: '2026-03-02T18:00:00.000Z',
      idTag: 'AABBCCDD',
      reservationId: 1_000_000_001,
    });
    expect(reserveNowCall('ocpp2.0.1', app, 3, '2026-03-02T18:00:00.000Z', 7).payload).toEqual({
      id: 7,
      expiryDateTime: '2026-03-02T18:00:00.000Z',
      idToken: { idToken: 'app-user-1', type: 'Central' },
      evseId: 3,
    });
    expect(cancelReservationCall(7)).toEqual({ action: 'CancelReservation', payload: { reservationId: 7 } });
    expect(unlockConnectorCall('ocpp1.6', 2, '1').payload).toEqual({ connectorId: 2 });
    expect(unlockConnectorCall('ocpp2.0.1', 2, '3').payload).toEqual({ evseId: 2, connectorId: 3 });
    expect(unlockConnectorCall('ocpp2.0.1', 2, 'A').payload).toEqual({ evseId: 2, connectorId: 1 });
  });

  it('builds payloads the OCPP schemas accept', () => {
    const calls = [
      ['ocpp1.6', startSessionCall('ocpp1.6', rfid, 1, 0)],
      ['ocpp2.0.1', startSessionCall('ocpp2.0.1', app, 1, 12)],
      ['ocpp2.1', startSessionCall('ocpp2.1', rfid, null, 12)],
      ['ocpp1.6', reserveNowCall('ocpp1.6', rfid, 1, '2026-03-02T18:00:00.000Z', 1)],
      ['ocpp2.0.1', reserveNowCall('ocpp2.0.1', rfid, null, '2026-03-02T18:00:00.000Z', 1)],
      ['ocpp2.0.1', unlockConnectorCall('ocpp2.0.1', 1, '1')],
      ['ocpp1.6', cancelReservationCall(1)],
    ] as const;
    for (const [protocol, call] of calls)
      expect([protocol, call.action, ocppValidator.validateRequest(protocol, call.action, call.payload).ok]).toEqual([
        protocol,
        call.action,
        true,
      ]);
    // A uid longer than a 1.6 idTag (20) does not fit: the receiver refuses the command at once.
    const long = startSessionCall('ocpp1.6', { uid: 'X'.repeat(21), type: 'RFID' }, 1, 0);
    expect(ocppValidator.validateRequest('ocpp1.6', long.action, long.payload).ok).toBe(false);
  });
});

describe('CommandResult of the station’s answer', () => {
  it.each([
    ['START_SESSION', 'RemoteStartTransaction', 'Accepted', 'ACCEPTED'],
    ['START_SESSION', 'RequestStartTransaction', 'Rejected', 'REJECTED'],
    ['STOP_SESSION', 'RemoteStopTransaction', 'Rejected', 'REJECTED'],
    ['RESERVE_NOW', 'ReserveNow', 'Occupied', 'EVSE_OCCUPIED'],
    ['RESERVE_NOW', 'ReserveNow', 'Faulted', 'EVSE_INOPERATIVE'],
    ['RESERVE_NOW', 'ReserveNow', 'Unavailable', 'EVSE_INOPERATIVE'],
    ['CANCEL_RESERVATION', 'CancelReservation', 'Rejected', 'UNKNOWN_RESERVATION'],
    ['UNLOCK_CONNECTOR', 'UnlockConnector', 'Unlocked', 'ACCEPTED'],
    ['UNLOCK_CONNECTOR', 'UnlockConnector', 'UnlockFailed', 'FAILED'],
    ['UNLOCK_CONNECTOR', 'UnlockConnector', 'NotSupported', 'NOT_SUPPORTED'],
    ['UNLOCK_CONNECTOR', 'UnlockConnector', 'OngoingAuthorizedTransaction', 'REJECTED'],
  ] as const)('%s: %s %s → %s', (command, action, status, result) => {
    expect(commandResultOf(command, answer(action, { payload: { status } })).result).toBe(result);
  });

  it('says what the station answered, with the 2.x statusInfo', () => {
    const result = commandResultOf(
      'START_SESSION',
      answer('RequestStartTransaction', {
        payload: { status: 'Rejected', statusInfo: { reasonCode: 'Occupied', additionalInfo: 'EV connected' } },
      }),
    );
    expect(result).toEqual({
      result: 'REJECTED',
      message: [{ language: 'en', text: 'The charge point answered RequestStartTransaction: Rejected (Occupied: EV connected)' }],
    });
  });

  it.each([
    [{ outcome: 'timeout' }, 'TIMEOUT'],
    [{ outcome: 'offline' }, 'FAILED'],
    [{ outcome: 'error', error: { code: 'NotImplemented', description: '', details: {} } }, 'NOT_SUPPORTED'],
    [{ outcome: 'error', error: { code: 'NotSupported', description: '', details: {} } }, 'NOT_SUPPORTED'],
    [{ outcome: 'error', error: { code: 'InternalError', description: 'boom', details: {} } }, 'FAILED'],
    [{ outcome: 'invalid-response' }, 'FAILED'],
    [{ outcome: 'rejected', rejection: 'queue-full', reason: 'full' }, 'FAILED'],
    [{ outcome: 'result', payload: { status: 'Weird' } }, 'FAILED'],
  ] as [Partial<CommandResultEnvelope>, string][])('%j → %s', (overrides, result) => {
    expect(commandResultOf('START_SESSION', answer('RemoteStartTransaction', overrides)).result).toBe(result);
  });
});
