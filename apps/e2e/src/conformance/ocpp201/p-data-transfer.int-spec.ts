// OCTT 2.0.1 CSMS test cases, functional block P (DataTransfer): unknown vendor/message, and
// customData on every message.
import type { StackHarness } from '../../stack-harness';
import {
  Station201,
  Transaction201,
  energyValue,
  newIdToken,
  newStationId,
  provisionIdToken,
  startConformanceStack201,
  waitForConnector201,
  waitForRows,
  waitForSession201,
} from '../ocpp201-station';

describe('OCTT 2.0.1 CSMS — P DataTransfer', () => {
  let harness: StackHarness;

  beforeAll(async () => {
    harness = await startConformanceStack201();
  });
  afterAll(() => harness?.stop());

  it('TC_P_02_CSMS Data Transfer to the CSMS - Rejected / Unknown VendorId / Unknown MessageId', async () => {
    const id = newStationId('P02');
    const cs = await Station201.booted(harness, id);
    const answer = await cs.call<{ status: string }>('DataTransfer', {
      vendorId: 'com.unknown.octt',
      messageId: 'OcttMessage',
      data: 'payload',
    });
    expect(['Rejected', 'UnknownVendorId', 'UnknownMessageId']).toContain(answer.status);
    const rows = await waitForRows(
      harness,
      'station',
      'SELECT * FROM data_transfer_request WHERE station_id = $1',
      [id],
      1,
      'data transfer stored',
    );
    expect(rows[0]).toMatchObject({ vendor_id: 'com.unknown.octt', data_message_id: 'OcttMessage', status: answer.status });
  });

  it('TC_P_03_CSMS Data Transfer - customData', async () => {
    const id = newStationId('P03');
    const token = await provisionIdToken(harness, newIdToken('P03'));
    const cs = await Station201.connect(harness, id);
    const customData = { vendorId: 'com.voltlane.octt', note: 'extra', nested: { value: 1 } };
    expect(
      await cs.call('BootNotification', {
        reason: 'PowerUp',
        customData,
        chargingStation: { model: 'OCTT-201', vendorName: 'Voltlane', customData },
      }),
    ).toMatchObject({ status: 'Accepted' });
    expect(
      await cs.call('StatusNotification', {
        timestamp: new Date().toISOString(),
        connectorStatus: 'Occupied',
        evseId: 1,
        connectorId: 1,
        customData,
      }),
    ).toEqual({});
    expect(await cs.call('Heartbeat', { customData })).toHaveProperty('currentTime');
    expect(
      (await cs.call<{ idTokenInfo: { status: string } }>('Authorize', { idToken: { ...token, customData }, customData })).idTokenInfo
        .status,
    ).toBe('Accepted');
    const tx = new Transaction201();
    const started = await cs.event(tx, 'Started', 'Authorized', {
      idToken: { ...token, customData },
      chargingState: 'Charging',
      meterValue: [{ ...energyValue(100, 'Transaction.Begin'), customData }],
      extra: { customData },
    });
    expect(started.idTokenInfo?.status).toBe('Accepted');
    expect(await cs.call('DataTransfer', { vendorId: 'com.voltlane.octt', messageId: 'Probe', customData })).toHaveProperty('status');
    await waitForConnector201(harness, id, 1, 1, 'Occupied');
    expect(await waitForSession201(harness, id, tx)).toMatchObject({ status: 'Active', idToken: token.idToken, meterStartWh: 100 });
  });
});
