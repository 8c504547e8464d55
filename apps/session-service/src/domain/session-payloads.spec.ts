import { ocppValidator } from '@voltlane/ocpp';
import {
  UnsupportedForVersion,
  clearChargingProfileCommand,
  compositeScheduleCommand,
  remoteStartCommand,
  remoteStopCommand,
  reportedProfilesCommand,
  reserveNowCommand,
  transactionStatusCommand,
} from './session-payloads';

describe('session command payloads per OCPP version', () => {
  it('maps a remote start to 1.6 RemoteStartTransaction and 2.x RequestStartTransaction (schema-valid)', () => {
    const v16 = remoteStartCommand('ocpp1.6', { idToken: 'tag', evseId: 2 }, 9);
    expect(v16).toEqual({ action: 'RemoteStartTransaction', payload: { idTag: 'tag', connectorId: 2 } });
    const v201 = remoteStartCommand('ocpp2.0.1', { idToken: 'tag', connectorId: 2 }, 9);
    expect(v201).toEqual({
      action: 'RequestStartTransaction',
      payload: { remoteStartId: 9, idToken: { idToken: 'tag', type: 'Central' }, evseId: 2 },
    });
    expect(ocppValidator.validateRequest('ocpp1.6', v16.action, v16.payload)).toEqual({ ok: true });
    expect(ocppValidator.validateRequest('ocpp2.0.1', v201.action, v201.payload)).toEqual({ ok: true });
    expect(() => remoteStartCommand('ocpp1.6', { idToken: 'tag', groupIdToken: 'g' }, 1)).toThrow(UnsupportedForVersion);
  });

  it('remote stop: 1.6 needs a positive integer id, 2.x sends the string', () => {
    expect(remoteStopCommand('ocpp1.6', '42')).toEqual({ action: 'RemoteStopTransaction', payload: { transactionId: 42 } });
    expect(() => remoteStopCommand('ocpp1.6', 'abc')).toThrow(UnsupportedForVersion);
    expect(remoteStopCommand('ocpp2.1', 42)).toEqual({ action: 'RequestStopTransaction', payload: { transactionId: '42' } });
  });

  it('reservations, clear filters, composite schedules, 2.x-only actions', () => {
    const at = '2030-01-01T00:00:00.000Z';
    expect(reserveNowCommand('ocpp1.6', { idToken: 't', expiresAt: at, groupIdToken: 'p' }, 5).payload).toEqual({
      connectorId: 0,
      expiryDate: at,
      idTag: 't',
      parentIdTag: 'p',
      reservationId: 5,
    });
    expect(reserveNowCommand('ocpp2.0.1', { idToken: { idToken: 't', type: 'eMAID' }, expiresAt: at, evseId: 1 }, 5).payload).toEqual({
      id: 5,
      expiryDateTime: at,
      idToken: { idToken: 't', type: 'eMAID' },
      evseId: 1,
    });
    expect(clearChargingProfileCommand('ocpp1.6', { purpose: 'ChargingStationMaxProfile', connectorId: 0 }).payload).toEqual({
      connectorId: 0,
      chargingProfilePurpose: 'ChargePointMaxProfile',
    });
    expect(clearChargingProfileCommand('ocpp2.0.1', {}).payload).toEqual({});
    expect(clearChargingProfileCommand('ocpp2.0.1', { chargingProfileId: 3 }).payload).toEqual({ chargingProfileId: 3 });
    expect(compositeScheduleCommand('ocpp1.6', { duration: 60 }).payload).toEqual({ connectorId: 0, duration: 60 });
    expect(compositeScheduleCommand('ocpp2.1', { duration: 60, connectorId: 2 }).payload).toEqual({ duration: 60, evseId: 2 });
    expect(() => reportedProfilesCommand('ocpp1.6', {}, 1)).toThrow(UnsupportedForVersion);
    expect(reportedProfilesCommand('ocpp2.0.1', { chargingProfileId: 4 }, 1).payload).toEqual({
      requestId: 1,
      chargingProfile: { chargingProfileId: [4] },
    });
    expect(() => transactionStatusCommand('ocpp1.6', 'x')).toThrow(UnsupportedForVersion);
  });
});
