// OCTT 2.0.1 CSMS test cases, functional block N (Diagnostics): GetLog with LogStatusNotifications
// and CustomerInformation with NotifyCustomerInformation reports.
import { waitFor } from '@voltlane/testing';
import type { StackHarness } from '../../stack-harness';
import { Station201, newIdToken, newStationId, services201, startConformanceStack201, waitForRows } from '../ocpp201-station';

describe('OCTT 2.0.1 CSMS — N Diagnostics', () => {
  let harness: StackHarness;

  beforeAll(async () => {
    harness = await startConformanceStack201();
  });
  afterAll(() => harness?.stop());

  const newRequestId = () => Math.floor(Math.random() * 1_000_000) + 1;
  const log = { remoteLocation: 'https://logs.example.com/upload' };

  async function getLog(cs: Station201, logType: 'DiagnosticsLog' | 'SecurityLog', requestId: number, status = 'Accepted') {
    const result = await cs.commandResult<{ status: string; filename?: string }>('GetLog', { logType, requestId, log });
    expect(result.status).toBe(status);
    const records = await waitForRows(
      harness,
      'station',
      "SELECT * FROM station_command_record WHERE station_id = $1 AND action = 'GetLog' AND request_id = $2",
      [cs.id, requestId],
      1,
      'GetLog recorded',
    );
    expect(records[0]).toMatchObject({ status, file_name: result.filename ?? null });
    return result;
  }

  async function logStatuses(cs: Station201, requestId: number, statuses: string[]) {
    for (const status of statuses) expect(await cs.call('LogStatusNotification', { status, requestId })).toEqual({});
  }

  async function expectLogRows(id: string, expected: [number, string][]) {
    const rows = await waitForRows(
      harness,
      'station',
      'SELECT status, request_id FROM log_status_history WHERE station_id = $1 ORDER BY id',
      [id],
      expected.length,
      'log statuses',
    );
    expect(rows.map((r) => [r.request_id, r.status])).toEqual(expected);
    await waitFor(async () => (await services201(harness).stations.stations.station(id))?.logStatus === expected[expected.length - 1][1], {
      message: 'station log status',
    });
  }

  it('TC_N_25_CSMS Retrieve Log Information - Diagnostics Log - Success', async () => {
    const id = newStationId('N25');
    const cs = await Station201.booted(harness, id);
    const requestId = newRequestId();
    expect((await getLog(cs, 'DiagnosticsLog', requestId)).filename).toBe('octt.log');
    await logStatuses(cs, requestId, ['Uploading', 'Uploaded']);
    await expectLogRows(id, [
      [requestId, 'Uploading'],
      [requestId, 'Uploaded'],
    ]);
  });

  it('TC_N_34_CSMS Retrieve Log Information - Rejected', async () => {
    const cs = await Station201.booted(harness, newStationId('N34'));
    cs.answer('GetLog', { status: 'Rejected' });
    await getLog(cs, 'DiagnosticsLog', newRequestId(), 'Rejected');
  });

  it('TC_N_35_CSMS Retrieve Log Information - Security Log - Success', async () => {
    const id = newStationId('N35');
    const cs = await Station201.booted(harness, id);
    const requestId = newRequestId();
    await getLog(cs, 'SecurityLog', requestId);
    expect((await cs.receivedCalls('GetLog'))[0].payload).toMatchObject({ logType: 'SecurityLog', requestId, log });
    await logStatuses(cs, requestId, ['Uploading', 'Uploaded']);
    await expectLogRows(id, [
      [requestId, 'Uploading'],
      [requestId, 'Uploaded'],
    ]);
  });

  it('TC_N_36_CSMS Retrieve Log Information - Second Request', async () => {
    const id = newStationId('N36');
    const cs = await Station201.booted(harness, id);
    const first = newRequestId();
    await getLog(cs, 'DiagnosticsLog', first);
    await logStatuses(cs, first, ['Uploading']);
    cs.answer('GetLog', { status: 'AcceptedCanceled', filename: 'octt-2.log' });
    const second = first + 1;
    await getLog(cs, 'DiagnosticsLog', second, 'AcceptedCanceled');
    await logStatuses(cs, first, ['AcceptedCanceled']);
    await logStatuses(cs, second, ['Uploading', 'Uploaded']);
    await expectLogRows(id, [
      [first, 'Uploading'],
      [first, 'AcceptedCanceled'],
      [second, 'Uploading'],
      [second, 'Uploaded'],
    ]);
  });

  /** CustomerInformation for an idToken; the station reports `parts` NotifyCustomerInformation messages. */
  async function customerInformation(tc: string, request: { report: boolean; clear: boolean }, parts: string[], status = 'Accepted') {
    const id = newStationId(tc);
    const cs = await Station201.booted(harness, id);
    if (status !== 'Accepted') cs.answer('CustomerInformation', { status });
    const requestId = newRequestId();
    const idToken = { idToken: newIdToken('N'), type: 'ISO14443' };
    expect(await cs.commandResult('CustomerInformation', { requestId, ...request, idToken })).toEqual({ status });
    for (const [seqNo, data] of parts.entries()) {
      const tbc = seqNo < parts.length - 1;
      expect(
        await cs.call('NotifyCustomerInformation', {
          data,
          seqNo,
          generatedAt: new Date().toISOString(),
          requestId,
          ...(tbc ? { tbc } : {}),
        }),
      ).toEqual({});
    }
    const { stations } = services201(harness);
    if (parts.length > 0) {
      await waitFor(async () => (await stations.stations.report(id, 'CustomerInformation', requestId))?.complete === true, {
        message: 'customer information stored complete',
      });
      const report = await stations.stations.report(id, 'CustomerInformation', requestId);
      expect(report?.parts.map((p) => p.seqNo)).toEqual(parts.map((_, i) => i));
    } else {
      expect(await stations.stations.report(id, 'CustomerInformation', requestId)).toBeNull();
    }
  }

  it('TC_N_27_CSMS Get Customer Information - Accepted + data', async () => {
    await customerInformation('N27', { report: true, clear: false }, [
      'Customer OCTT: 3 sessions, last 2024-01-01',
      'Card ISO14443 registered',
    ]);
  });

  it('TC_N_28_CSMS Get Customer Information - Accepted + no data', async () => {
    await customerInformation('N28', { report: true, clear: false }, ['No data available']);
  });

  it('TC_N_29_CSMS Get Customer Information - Not Accepted', async () => {
    await customerInformation('N29', { report: true, clear: false }, [], 'Rejected');
  });

  it('TC_N_30_CSMS Clear Customer Information - Clear and report - with data', async () => {
    await customerInformation('N30', { report: true, clear: true }, ['Cleared: 3 sessions of customer OCTT']);
  });

  it('TC_N_31_CSMS Clear Customer Information - Clear and report - no data', async () => {
    await customerInformation('N31', { report: true, clear: true }, ['No data available']);
  });

  it('TC_N_32_CSMS Clear Customer Information - Clear and no report', async () => {
    await customerInformation('N32', { report: false, clear: true }, []);
  });
});
