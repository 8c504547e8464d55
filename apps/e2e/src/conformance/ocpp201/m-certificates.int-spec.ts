// OCTT 2.0.1 CSMS test cases, functional block M (Certificate management): install, retrieve and
// delete certificates through the operator API.
import type { StackHarness } from '../../stack-harness';
import { OCTT_ROOT_PEM, Station201, newStationId, startConformanceStack201, waitForCommandRecords } from '../ocpp201-station';

describe('OCTT 2.0.1 CSMS — M Certificate management', () => {
  let harness: StackHarness;

  beforeAll(async () => {
    harness = await startConformanceStack201();
  });
  afterAll(() => harness?.stop());

  const hashData = (serialNumber: string) => ({
    hashAlgorithm: 'SHA256',
    issuerNameHash: 'a'.repeat(64),
    issuerKeyHash: 'b'.repeat(64),
    serialNumber,
  });

  async function install(tc: string, certificateType: string, status = 'Accepted') {
    const cs = await Station201.booted(harness, newStationId(tc));
    if (status !== 'Accepted') cs.answer('InstallCertificate', { status });
    expect(await cs.commandResult('InstallCertificate', { certificateType, certificate: OCTT_ROOT_PEM })).toEqual({ status });
    expect((await waitForCommandRecords(harness, cs.id, 'InstallCertificate'))[0]).toMatchObject({ status, request: { certificateType } });
  }

  it('TC_M_01_CSMS Install CA certificate - CSMSRootCertificate', async () => {
    await install('M01', 'CSMSRootCertificate');
  });

  it('TC_M_02_CSMS Install CA certificate - ManufacturerRootCertificate', async () => {
    await install('M02', 'ManufacturerRootCertificate');
  });

  it('TC_M_05_CSMS Install CA certificate - Failed', async () => {
    await install('M05', 'ManufacturerRootCertificate', 'Failed');
  });

  it('TC_M_13_CSMS Retrieve certificates from Charging Station - ManufacturerRootCertificate', async () => {
    const cs = await Station201.booted(harness, newStationId('M13'));
    const answer = {
      status: 'Accepted',
      certificateHashDataChain: [{ certificateType: 'ManufacturerRootCertificate', certificateHashData: hashData('01') }],
    };
    cs.answer('GetInstalledCertificateIds', answer);
    expect(await cs.commandResult('GetInstalledCertificateIds', { certificateType: ['ManufacturerRootCertificate'] })).toEqual(answer);
  });

  it('TC_M_18_CSMS Retrieve certificates from Charging Station - All certificate types', async () => {
    const cs = await Station201.booted(harness, newStationId('M18'));
    const answer = {
      status: 'Accepted',
      certificateHashDataChain: [
        { certificateType: 'V2GRootCertificate', certificateHashData: hashData('01') },
        { certificateType: 'MORootCertificate', certificateHashData: hashData('02') },
        { certificateType: 'CSMSRootCertificate', certificateHashData: hashData('03') },
        { certificateType: 'ManufacturerRootCertificate', certificateHashData: hashData('04') },
      ],
    };
    cs.answer('GetInstalledCertificateIds', answer);
    expect(await cs.commandResult('GetInstalledCertificateIds', {})).toEqual(answer);
    expect((await waitForCommandRecords(harness, cs.id, 'GetInstalledCertificateIds'))[0]).toMatchObject({
      status: 'Accepted',
      response: answer,
    });
    expect((await cs.receivedCalls('GetInstalledCertificateIds'))[0].payload.certificateType).toBeUndefined();
  });

  it('TC_M_19_CSMS Retrieve certificates from Charging Station - No matching certificate found', async () => {
    const cs = await Station201.booted(harness, newStationId('M19'));
    expect(await cs.commandResult('GetInstalledCertificateIds', { certificateType: ['V2GRootCertificate'] })).toEqual({
      status: 'NotFound',
    });
  });

  it('TC_M_20_CSMS Delete a certificate from a Charging Station - Success', async () => {
    const cs = await Station201.booted(harness, newStationId('M20'));
    expect(await cs.commandResult('DeleteCertificate', { certificateHashData: hashData('04') })).toEqual({ status: 'Accepted' });
    expect((await waitForCommandRecords(harness, cs.id, 'DeleteCertificate'))[0]).toMatchObject({ status: 'Accepted' });
  });

  it('TC_M_21_CSMS Delete a certificate from a Charging Station - Failed', async () => {
    const cs = await Station201.booted(harness, newStationId('M21'));
    cs.answer('DeleteCertificate', { status: 'Failed' });
    expect(await cs.commandResult('DeleteCertificate', { certificateHashData: hashData('05') })).toEqual({ status: 'Failed' });
    expect((await waitForCommandRecords(harness, cs.id, 'DeleteCertificate'))[0]).toMatchObject({ status: 'Failed' });
  });
});
