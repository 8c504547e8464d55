import { X509Certificate, createPrivateKey, webcrypto } from 'node:crypto';
import { CertificateAuthority, caMaterialProblem, generateCertificateAuthority, type CaMaterial } from './certificate-authority';
import { checkCsr } from './csr-check';
import { aStationCsr } from '../../../test/csr.builders';

describe('CertificateAuthority', () => {
  let material: CaMaterial;
  let ca: CertificateAuthority;

  beforeAll(async () => {
    material = await generateCertificateAuthority('Voltlane Test CA', 'Voltlane');
    ca = await CertificateAuthority.open(material);
  });

  it('generates a usable CA: a CA certificate with its own key', () => {
    expect(caMaterialProblem(material)).toBeNull();
    const certificate = new X509Certificate(material.certificatePem);
    expect(certificate.ca).toBe(true);
    expect(certificate.subject).toContain('CN=Voltlane Test CA');
    expect(certificate.checkPrivateKey(createPrivateKey(material.privateKeyPem))).toBe(true);
  });

  it('issues a clientAuth certificate for the CSR subject and key, signed by the CA, valid for the given days', async () => {
    const { csrPem, keys } = await aStationCsr('CN=CS-0001, O=Voltlane');
    const check = await checkCsr(csrPem, { stationId: 'CS-0001', organization: 'Voltlane' });
    if (!check.ok) throw new Error(check.detail);
    const now = new Date();
    const issued = await ca.issue(check.request, 30, now);
    const leaf = new X509Certificate(issued.certificatePem);
    const root = new X509Certificate(material.certificatePem);
    expect(leaf.subject).toBe('CN=CS-0001\nO=Voltlane');
    expect(leaf.checkIssued(root)).toBe(true);
    expect(leaf.verify(root.publicKey)).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(leaf.serialNumber.toLowerCase()).toBe(issued.serialNumber.toLowerCase());
    expect(Math.abs(Date.parse(leaf.validTo) - (now.getTime() + 30 * 86_400_000))).toBeLessThan(2_000);
    const stationKey = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
    expect(leaf.publicKey.export({ type: 'spki', format: 'der' }).equals(stationKey)).toBe(true);
  });

  it.each([
    [
      'a foreign key',
      async (m: CaMaterial) => ({ ...m, privateKeyPem: (await generateCertificateAuthority('Other')).privateKeyPem }),
      'does not belong to the CA certificate',
    ],
    [
      'a broken certificate',
      (m: CaMaterial) => Promise.resolve({ ...m, certificatePem: 'not a certificate' }),
      'not a PEM X.509 certificate',
    ],
    [
      'a broken key',
      (m: CaMaterial) => Promise.resolve({ ...m, privateKeyPem: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }),
      'not a PEM private key',
    ],
  ])('refuses %s', async (_name, alter, message) => {
    const bad = await alter(material);
    expect(caMaterialProblem(bad)).toContain(message);
    await expect(CertificateAuthority.open(bad)).rejects.toThrow(message);
  });

  it('refuses a leaf certificate as CA', async () => {
    const { csrPem } = await aStationCsr('CN=CS-0002');
    const check = await checkCsr(csrPem, { stationId: 'CS-0002' });
    if (!check.ok) throw new Error(check.detail);
    const issued = await ca.issue(check.request, 1);
    expect(caMaterialProblem({ certificatePem: issued.certificatePem, privateKeyPem: material.privateKeyPem })).toContain(
      'not a CA certificate',
    );
  });
});

describe('checkCsr', () => {
  it.each([
    ['CN=CS-1, O=Voltlane', { stationId: 'CS-1', organization: 'Voltlane' }, null],
    ['CN=CS-1', { stationId: 'CS-1' }, null],
    ['CN=CS-2, O=Voltlane', { stationId: 'CS-1' }, 'CommonNameMismatch'],
    ['O=Voltlane', { stationId: 'CS-1' }, 'CommonNameMismatch'],
    ['CN=CS-1, O=Other', { stationId: 'CS-1', organization: 'Voltlane' }, 'OrganizationMismatch'],
    ['CN=CS-1', { stationId: 'CS-1', organization: 'Voltlane' }, 'OrganizationMismatch'],
    ['CN=CS-1', { stationId: 'CS-1', certificateType: 'V2GCertificate' }, 'UnsupportedCertificateType'],
    ['CN=CS-1', { stationId: 'CS-1', certificateType: 'ChargingStationCertificate' }, null],
  ])('%s for %j → %s', async (subject, expected, reason) => {
    const { csrPem } = await aStationCsr(subject);
    const check = await checkCsr(csrPem, expected);
    expect(check.ok ? null : check.reason).toBe(reason);
  });

  it('refuses what is not a CSR, and a CSR whose signature does not verify', async () => {
    expect(await checkCsr('hello', { stationId: 'CS-1' })).toMatchObject({ ok: false, reason: 'MalformedCsr' });
    const { csrPem } = await aStationCsr('CN=CS-1');
    const der = Buffer.from(csrPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    der[der.length - 5] ^= 0xff; // inside the signature value
    expect(await checkCsr(der.toString('base64'), { stationId: 'CS-1' })).toMatchObject({ ok: false, reason: 'InvalidSignature' });
  });
});
