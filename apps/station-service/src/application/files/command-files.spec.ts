import type { FirmwareImageEntity } from '../../persistence/firmware-image.entity';
import { CommandFiles } from './command-files';
import type { FirmwareImagesService } from './firmware-images.service';
import type { StationUploadsService } from './station-uploads.service';

const NOW = new Date('2026-11-24T12:00:00.000Z');
const IMAGE_ID = '0b7c6a52-5d1e-4c8e-9a57-0d3f8b1f4a11';
const BASE = 'https://files.example';

/** In-memory stand-ins for the two services (their storage has its own integration tests). */
function aCommandFiles() {
  const slots: { id: string; stationId: string; kind: string; requestId: number | null; saved: boolean }[] = [];
  const answers: { id: string; answer: { accepted: boolean; status: string; fileName?: string | undefined } }[] = [];
  const uploads = {
    newSlot: (stationId: string, kind: string, requestId: number | null, baseUrl: string) => {
      const slot = { id: `slot-${slots.length + 1}`, stationId, kind, requestId, saved: false };
      slots.push(slot);
      return { id: slot.id, url: `${baseUrl}/files/uploads/${slot.id}/token`, save: async () => void (slot.saved = true) };
    },
    recordAnswer: async (id: string, answer: { accepted: boolean; status: string; fileName?: string }) => void answers.push({ id, answer }),
  } as unknown as StationUploadsService;
  const image = { id: IMAGE_ID, fileName: 'fw.bin' } as FirmwareImageEntity;
  const firmware = {
    get: async (id: string) => (id === IMAGE_ID ? image : null),
    downloadUrl: (found: FirmwareImageEntity, baseUrl: string) => `${baseUrl}/files/firmware/${found.id}/tok/${found.fileName}`,
  } as unknown as FirmwareImagesService;
  return {
    files: new CommandFiles(
      uploads,
      firmware,
      () => BASE,
      () => NOW,
    ),
    slots,
    answers,
  };
}

const FIRMWARE_URL = `${BASE}/files/firmware/${IMAGE_ID}/tok/fw.bin`;

describe('CommandFiles', () => {
  it('gives GetDiagnostics without location an upload slot, saved only before sending, and records the answer', async () => {
    const { files, slots, answers } = aCommandFiles();
    const prepared = await files.prepare('st-1', 'ocpp1.6', 'GetDiagnostics', { retries: 2 });
    expect(prepared?.payload).toEqual({ retries: 2, location: `${BASE}/files/uploads/slot-1/token` });
    expect(slots[0]).toMatchObject({ stationId: 'st-1', kind: 'diagnostics', requestId: null, saved: false });
    await prepared?.beforeSend();
    expect(slots[0]?.saved).toBe(true);
    await prepared?.afterAnswer({ fileName: 'd.log' });
    expect(answers).toEqual([{ id: 'slot-1', answer: { accepted: true, status: 'Accepted', fileName: 'd.log' } }]);
  });

  it.each([
    [{}, { accepted: false, status: 'NoFile', fileName: undefined }],
    [undefined, { accepted: false, status: 'NoAnswer' }],
  ])('records a GetDiagnostics answer %j as not accepted', async (result, expected) => {
    const { files, answers } = aCommandFiles();
    await (await files.prepare('st-1', 'ocpp1.6', 'GetDiagnostics', {}))?.afterAnswer(result);
    expect(answers[0]?.answer).toEqual(expected);
  });

  it('gives GetLog without remoteLocation a slot with its requestId and keeps the other log fields', async () => {
    const { files, slots, answers } = aCommandFiles();
    const prepared = await files.prepare('st-2', 'ocpp2.0.1', 'GetLog', {
      requestId: 9,
      logType: 'DiagnosticsLog',
      log: { oldestTimestamp: '2026-11-01T00:00:00Z' },
    });
    expect(prepared?.payload).toEqual({
      requestId: 9,
      logType: 'DiagnosticsLog',
      log: { oldestTimestamp: '2026-11-01T00:00:00Z', remoteLocation: `${BASE}/files/uploads/slot-1/token` },
    });
    expect(slots[0]).toMatchObject({ kind: 'log', requestId: 9 });
    await prepared?.afterAnswer({ status: 'Rejected' });
    expect(answers[0]?.answer).toMatchObject({ accepted: false, status: 'Rejected' });
  });

  it.each([
    ['GetDiagnostics', { location: 'ftp://elsewhere/' }],
    ['GetLog', { requestId: 1, logType: 'SecurityLog', log: { remoteLocation: 'https://elsewhere/' } }],
    ['UpdateFirmware', { location: 'https://elsewhere/fw.bin', retrieveDate: NOW.toISOString() }],
    ['Reset', { type: 'Soft' }],
  ])('leaves %s with its own location alone', async (action, payload) => {
    const { files, slots } = aCommandFiles();
    expect(await files.prepare('st', 'ocpp1.6', action, payload)).toBeUndefined();
    expect(slots).toHaveLength(0);
  });

  it.each([
    [
      'ocpp1.6',
      'UpdateFirmware',
      { firmwareId: IMAGE_ID, retries: 3 },
      { retries: 3, location: FIRMWARE_URL, retrieveDate: NOW.toISOString() },
    ],
    [
      'ocpp1.6',
      'UpdateFirmware',
      { firmwareId: IMAGE_ID, retrieveDate: '2027-01-01T00:00:00Z' },
      { location: FIRMWARE_URL, retrieveDate: '2027-01-01T00:00:00Z' },
    ],
    [
      'ocpp2.0.1',
      'UpdateFirmware',
      { requestId: 5, firmwareId: IMAGE_ID },
      { requestId: 5, firmware: { location: FIRMWARE_URL, retrieveDateTime: NOW.toISOString() } },
    ],
    [
      'ocpp1.6',
      'SignedUpdateFirmware',
      {
        requestId: 6,
        firmwareId: IMAGE_ID,
        firmware: { signingCertificate: 'PEM', signature: 'SIG', retrieveDateTime: '2027-01-01T00:00:00Z' },
      },
      {
        requestId: 6,
        firmware: { signingCertificate: 'PEM', signature: 'SIG', location: FIRMWARE_URL, retrieveDateTime: '2027-01-01T00:00:00Z' },
      },
    ],
  ] as const)('fills %s %s by firmwareId', async (protocol, action, payload, expected) => {
    const { files } = aCommandFiles();
    expect((await files.prepare('st', protocol, action, payload))?.payload).toEqual(expected);
  });

  it.each([
    [{ firmwareId: 'not-a-uuid' }, 400, /firmwareId/],
    [{ firmwareId: 7 }, 400, /firmwareId/],
    [{ firmwareId: '11111111-1111-4111-8111-111111111111' }, 404, /No firmware image/],
    [{ firmwareId: IMAGE_ID, location: 'https://x/fw.bin' }, 400, /either firmwareId or location/],
  ])('refuses UpdateFirmware %j', async (payload, status, detail) => {
    const { files } = aCommandFiles();
    await expect(files.prepare('st', 'ocpp1.6', 'UpdateFirmware', payload)).rejects.toMatchObject({
      status,
      detail: expect.stringMatching(detail),
    });
  });
});
