// OCTT 1.6 Central System test cases, Firmware Management profile.
import { waitFor } from '@voltlane/testing';
import type { StackHarness } from '../../stack-harness';
import { ChargePoint16, handles, newChargePointId, rowsOf, startConformanceStack } from '../ocpp16-station';

describe('OCTT 1.6 Central System: Firmware Management', () => {
  let harness: StackHarness;

  beforeAll(async () => {
    harness = await startConformanceStack();
  }, 120_000);
  afterAll(() => harness?.stop());

  const firmwareStatuses = async (id: string): Promise<string[]> =>
    (
      await rowsOf<{ status: string }>(
        harness,
        'station',
        `SELECT status FROM firmware_status_history WHERE station_id = $1 AND kind = 'Firmware' ORDER BY id`,
        [id],
      )
    ).map((r) => r.status);
  const diagnosticsStatuses = async (id: string): Promise<string[]> =>
    (
      await rowsOf<{ status: string }>(
        harness,
        'station',
        'SELECT status FROM diagnostics_status_history WHERE station_id = $1 ORDER BY id',
        [id],
      )
    ).map((r) => r.status);
  const commandRecords = (id: string, action: string) =>
    rowsOf(
      harness,
      'station',
      'SELECT status, file_name, request, response FROM station_command_record WHERE station_id = $1 AND action = $2',
      [id, action],
    );

  async function firmwareStatus(cp: ChargePoint16, status: string): Promise<void> {
    expect(await cp.call('FirmwareStatusNotification', { status })).toEqual({});
  }

  async function updateFirmware(cp: ChargePoint16): Promise<Record<string, unknown>> {
    const request = {
      location: 'https://firmware.example.com/octt/fw-1.0.1.bin',
      retrieveDate: new Date().toISOString(),
      retries: 3,
      retryInterval: 60,
    };
    expect(await cp.commandResult('UpdateFirmware', request)).toEqual({});
    await waitFor(async () => (await commandRecords(cp.id, 'UpdateFirmware')).length > 0, { message: 'UpdateFirmware stored' });
    expect((await commandRecords(cp.id, 'UpdateFirmware'))[0]).toMatchObject({ request, response: {} });
    return request;
  }

  it('TC_044_1_CSMS download and install', async () => {
    const id = newChargePointId('044_1');
    const cp = await ChargePoint16.booted(harness, id);
    await updateFirmware(cp);
    await firmwareStatus(cp, 'Downloading');
    await firmwareStatus(cp, 'Downloaded');
    await firmwareStatus(cp, 'Installing');
    // The charge point reboots into the new firmware.
    await cp.reconnect();
    await cp.boot({ firmwareVersion: '1.0.1' });
    await cp.status(0, 'Available');
    await cp.status(1, 'Available');
    await firmwareStatus(cp, 'Installed');

    await waitFor(async () => (await firmwareStatuses(id)).length === 4, { message: 'firmware statuses stored' });
    expect(await firmwareStatuses(id)).toEqual(['Downloading', 'Downloaded', 'Installing', 'Installed']);
    await waitFor(async () => (await handles(harness).stations.stations.station(id))?.firmwareStatus === 'Installed', {
      message: 'station firmware status',
    });
    expect(await handles(harness).stations.stations.station(id)).toMatchObject({ firmwareStatus: 'Installed', firmwareVersion: '1.0.1' });
  });

  it('TC_044_2_CSMS download failed', async () => {
    const id = newChargePointId('044_2');
    const cp = await ChargePoint16.booted(harness, id);
    await updateFirmware(cp);
    await firmwareStatus(cp, 'Downloading');
    await firmwareStatus(cp, 'DownloadFailed');

    await waitFor(async () => (await firmwareStatuses(id)).length === 2, { message: 'firmware statuses stored' });
    expect(await firmwareStatuses(id)).toEqual(['Downloading', 'DownloadFailed']);
    await waitFor(async () => (await handles(harness).stations.stations.station(id))?.firmwareStatus === 'DownloadFailed', {
      message: 'station firmware status',
    });
    expect((await handles(harness).stations.stations.station(id))?.firmwareVersion).toBe('1.0.0');
  });

  it('TC_044_3_CSMS install failed', async () => {
    const id = newChargePointId('044_3');
    const cp = await ChargePoint16.booted(harness, id);
    await updateFirmware(cp);
    await firmwareStatus(cp, 'Downloading');
    await firmwareStatus(cp, 'Downloaded');
    await firmwareStatus(cp, 'Installing');
    await firmwareStatus(cp, 'InstallationFailed');

    await waitFor(async () => (await firmwareStatuses(id)).length === 4, { message: 'firmware statuses stored' });
    expect(await firmwareStatuses(id)).toEqual(['Downloading', 'Downloaded', 'Installing', 'InstallationFailed']);
    await waitFor(async () => (await handles(harness).stations.stations.station(id))?.firmwareStatus === 'InstallationFailed', {
      message: 'station firmware status',
    });
  });

  it('TC_045_1_CSMS GetDiagnostics', async () => {
    const id = newChargePointId('045_1');
    const cp = await ChargePoint16.booted(harness, id);
    cp.answer('GetDiagnostics', { fileName: 'diagnostics-octt-045_1.zip' });
    const request = { location: 'ftp://diagnostics.example.com/upload/', retries: 1, retryInterval: 30 };
    expect(await cp.commandResult('GetDiagnostics', request)).toEqual({ fileName: 'diagnostics-octt-045_1.zip' });
    expect(await cp.call('DiagnosticsStatusNotification', { status: 'Uploading' })).toEqual({});
    expect(await cp.call('DiagnosticsStatusNotification', { status: 'Uploaded' })).toEqual({});

    await waitFor(async () => (await diagnosticsStatuses(id)).length === 2, { message: 'diagnostics statuses stored' });
    expect(await diagnosticsStatuses(id)).toEqual(['Uploading', 'Uploaded']);
    await waitFor(async () => (await handles(harness).stations.stations.station(id))?.diagnosticsStatus === 'Uploaded', {
      message: 'station diagnostics status',
    });
    await waitFor(async () => (await commandRecords(id, 'GetDiagnostics')).length > 0, { message: 'GetDiagnostics stored' });
    expect((await commandRecords(id, 'GetDiagnostics'))[0]).toMatchObject({ file_name: 'diagnostics-octt-045_1.zip', request });
  });

  it('TC_045_2_CSMS upload failed', async () => {
    const id = newChargePointId('045_2');
    const cp = await ChargePoint16.booted(harness, id);
    cp.answer('GetDiagnostics', { fileName: 'diagnostics-octt-045_2.zip' });
    expect(await cp.commandResult('GetDiagnostics', { location: 'ftp://diagnostics.example.com/upload/' })).toEqual({
      fileName: 'diagnostics-octt-045_2.zip',
    });
    expect(await cp.call('DiagnosticsStatusNotification', { status: 'Uploading' })).toEqual({});
    expect(await cp.call('DiagnosticsStatusNotification', { status: 'UploadFailed' })).toEqual({});

    await waitFor(async () => (await diagnosticsStatuses(id)).length === 2, { message: 'diagnostics statuses stored' });
    expect(await diagnosticsStatuses(id)).toEqual(['Uploading', 'UploadFailed']);
    await waitFor(async () => (await handles(harness).stations.stations.station(id))?.diagnosticsStatus === 'UploadFailed', {
      message: 'station diagnostics status',
    });
  });
});
