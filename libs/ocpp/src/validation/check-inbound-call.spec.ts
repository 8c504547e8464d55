import { type Call, MessageType } from '../framing/ocpp-frame';
import { type OcppVersion } from '../versions/ocpp-version';
import { checkInboundCall } from './check-inbound-call';

const call = (action: string, payload: Record<string, unknown>): Call => ({
  type: MessageType.Call,
  id: 'm1',
  action,
  payload,
});

const VALID_HEARTBEAT = call('Heartbeat', {});

type Row = [name: string, version: OcppVersion, call: Call, code: string];

const rows: Row[] = [
  ['valid Heartbeat', 'ocpp1.6', VALID_HEARTBEAT, 'ok'],
  ['valid Heartbeat', 'ocpp2.0.1', VALID_HEARTBEAT, 'ok'],
  ['valid Heartbeat', 'ocpp2.1', VALID_HEARTBEAT, 'ok'],
  ['station-sent DataTransfer', 'ocpp1.6', call('DataTransfer', { vendorId: 'acme' }), 'ok'],
  ['station-sent DataTransfer', 'ocpp2.1', call('DataTransfer', { vendorId: 'acme', data: 42 }), 'ok'],
  ['unknown action', 'ocpp1.6', call('Foo', {}), 'NotImplemented'],
  ['unknown action', 'ocpp2.0.1', call('Foo', {}), 'NotImplemented'],
  ['2.x action on 1.6', 'ocpp1.6', call('TransactionEvent', {}), 'NotImplemented'],
  ['1.6 action on 2.0.1', 'ocpp2.0.1', call('StartTransaction', {}), 'NotImplemented'],
  ['2.1 action on 2.0.1', 'ocpp2.0.1', call('BatterySwap', {}), 'NotImplemented'],
  ['wrong case', 'ocpp2.1', call('heartbeat', {}), 'NotImplemented'],
  ['CSMS->station action sent by a station', 'ocpp1.6', call('RemoteStartTransaction', { idTag: 'x' }), 'NotSupported'],
  ['CSMS->station action sent by a station', 'ocpp2.0.1', call('RequestStartTransaction', {}), 'NotSupported'],
  ['CSMS->station action sent by a station', 'ocpp2.1', call('SetDERControl', {}), 'NotSupported'],
  ['SEND-only action sent as a CALL', 'ocpp2.1', call('NotifyPeriodicEventStream', {}), 'ProtocolError'],
  ['missing required field', 'ocpp1.6', call('Authorize', {}), 'OccurenceConstraintViolation'],
  ['missing required field', 'ocpp2.0.1', call('Authorize', {}), 'OccurrenceConstraintViolation'],
  ['missing required field', 'ocpp2.1', call('Authorize', {}), 'OccurrenceConstraintViolation'],
  ['wrong type', 'ocpp1.6', call('Authorize', { idTag: 1 }), 'TypeConstraintViolation'],
  ['wrong type', 'ocpp2.1', call('Heartbeat', { customData: 'x' }), 'TypeConstraintViolation'],
  ['value too long', 'ocpp1.6', call('Authorize', { idTag: 'x'.repeat(21) }), 'PropertyConstraintViolation'],
  [
    'bad enum value',
    'ocpp2.0.1',
    call('BootNotification', { reason: 'Bored', chargingStation: { model: 'm', vendorName: 'v' } }),
    'PropertyConstraintViolation',
  ],
];

describe('checkInboundCall', () => {
  it.each(rows)('%s on %s -> %s', (_name, version, inbound, code) => {
    const result = checkInboundCall(version, inbound);
    if (code === 'ok') {
      expect(result).toEqual({ ok: true, call: inbound });
    } else {
      expect(result).toMatchObject({ ok: false, reply: { type: MessageType.CallError, id: 'm1', code, details: {} } });
    }
  });

  it('explains the failure in the reply', () => {
    expect(checkInboundCall('ocpp1.6', call('Authorize', {}))).toMatchObject({
      ok: false,
      reply: { description: "(root) must have required property 'idTag'" },
    });
    expect(checkInboundCall('ocpp2.0.1', call('Reset', { type: 'Immediate' }))).toMatchObject({
      ok: false,
      reply: { description: 'Reset is sent by the CSMS, not by a charging station' },
    });
  });
});
