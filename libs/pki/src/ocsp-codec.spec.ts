import 'reflect-metadata';
import { X509Certificate, webcrypto } from 'node:crypto';
import { X509Certificate as PeculiarCertificate, X509CertificateGenerator } from '@peculiar/x509';
import { parsePemChain } from './certificates';
import { decodeOcspRequest, decodeOcspResponse, encodeOcspRequest, serialBytes } from './ocsp-codec';
import { certIdentityOf, ocspRequestDataFor } from './ocsp-request-data';
import { verifyOcspResponse } from './ocsp-verify';
import { TestPki } from './test-pki/test-pki';

describe('OCSP request/response codec', () => {
  let pki: TestPki;
  beforeAll(async () => {
    pki = await TestPki.generate({ ocspUrl: 'http://127.0.0.1:9/ocsp' });
  });

  it('round-trips a request built from OCPP hash data', async () => {
    const contract = await pki.issueContract('ZZVLTC00000001');
    const [leaf, issuer] = parsePemChain(contract.chainPem);
    const data = ocspRequestDataFor(leaf, issuer);
    expect(data.responderURL).toBe('http://127.0.0.1:9/ocsp');
    expect(data.issuerNameHash).toMatch(/^[0-9a-f]{64}$/);
    const [id] = decodeOcspRequest(encodeOcspRequest([certIdentityOf(data)]));
    expect(id).toEqual({
      digest: 'sha256',
      issuerNameHash: data.issuerNameHash,
      issuerKeyHash: data.issuerKeyHash,
      serialNumber: data.serialNumber,
    });
  });

  it.each([
    ['7f', '7f'],
    ['80', '0080'],
    ['00ff', '00ff'],
    ['abc', '0abc'],
  ])('encodes serial %s as a positive INTEGER (%s)', (serial, bytes) => {
    expect(Buffer.from(serialBytes(serial)).toString('hex')).toBe(bytes);
  });

  it('accepts base64 hashes as well as hex', () => {
    const hex = 'ab'.repeat(32);
    const id = certIdentityOf({
      hashAlgorithm: 'SHA256',
      issuerNameHash: Buffer.from(hex, 'hex').toString('base64'),
      issuerKeyHash: hex.toUpperCase(),
      serialNumber: '0x00A1',
    });
    expect(id).toEqual({ hashAlgorithm: 'SHA256', issuerNameHash: hex, issuerKeyHash: hex, serialNumber: 'a1' });
    expect(() => certIdentityOf({ hashAlgorithm: 'SHA256', issuerNameHash: 'zz', issuerKeyHash: hex, serialNumber: '01' })).toThrow(
      'issuerNameHash',
    );
  });

  it('parses a signed response and verifies it: good, revoked, unknown', async () => {
    const good = await pki.issueContract('ZZVLTC00000002');
    const revoked = await pki.issueContract('ZZVLTC00000003');
    pki.revoke(revoked.serialNumber, new Date(Date.now() - 60_000));
    const [, issuer] = parsePemChain(good.chainPem);
    const anchors = [new X509Certificate(pki.moRootPem)];
    const pool = parsePemChain(good.chainPem);
    const statusOf = (certificate: X509Certificate) => {
      const id = certIdentityOf(ocspRequestDataFor(certificate, issuer));
      const decoded = decodeOcspResponse(pki.respond(encodeOcspRequest([id])));
      expect(decoded.responseStatus).toBe('successful');
      expect(decoded.basic?.certs).toHaveLength(1);
      const verified = verifyOcspResponse(decoded, id, { pool, trustAnchors: anchors, now: new Date() });
      if (!verified.ok) throw new Error(verified.reason);
      return verified.single;
    };
    expect(statusOf(parsePemChain(good.certificatePem)[0]).status).toBe('good');
    const single = statusOf(parsePemChain(revoked.certificatePem)[0]);
    expect(single.status).toBe('revoked');
    expect(single.revocationTime).toBeInstanceOf(Date);
    expect(single.nextUpdate!.getTime()).toBeGreaterThan(Date.now());
    const stranger = (await (await TestPki.generate()).issueContract('ZZVLTC00000004')).certificatePem;
    // Same issuer hashes, a serial this CA never issued.
    const id = { ...certIdentityOf(ocspRequestDataFor(parsePemChain(stranger)[0], issuer)) };
    const decoded = decodeOcspResponse(pki.respond(encodeOcspRequest([id])));
    expect(verifyOcspResponse(decoded, id, { pool, trustAnchors: anchors, now: new Date() })).toMatchObject({
      ok: true,
      single: { status: 'unknown' },
    });
  });

  it('rejects a response whose signature or responder does not check out', async () => {
    const contract = await pki.issueContract('ZZVLTC00000005');
    const [leaf, issuer] = parsePemChain(contract.chainPem);
    const id = certIdentityOf(ocspRequestDataFor(leaf, issuer));
    const der = pki.respond(encodeOcspRequest([id]));
    const decoded = decodeOcspResponse(der);
    const tampered = { ...decoded, basic: { ...decoded.basic!, signature: Buffer.from(decoded.basic!.signature).fill(1, 10, 14) } };
    expect(verifyOcspResponse(tampered, id, { pool: [], now: new Date() })).toEqual({
      ok: false,
      reason: expect.stringContaining('signature'),
    });
    // A trust store without the MO root: the CA does not chain to an installed root.
    expect(verifyOcspResponse(decoded, id, { pool: [], trustAnchors: [new X509Certificate(pki.v2gRootPem)], now: new Date() })).toEqual({
      ok: false,
      reason: expect.stringContaining('installed root'),
    });
    // Long after nextUpdate.
    expect(verifyOcspResponse(decoded, id, { pool: [], now: new Date(Date.now() + 3 * 86_400_000) })).toEqual({
      ok: false,
      reason: expect.stringContaining('expired'),
    });
  });

  it('is not misled by a look-alike certificate carrying the issuer key in the pool', async () => {
    const contract = await pki.issueContract('ZZVLTC00000006');
    const [leaf, issuer, subCa1] = parsePemChain(contract.chainPem);
    const id = certIdentityOf(ocspRequestDataFor(leaf, issuer));
    const attacker = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const lookAlike = await X509CertificateGenerator.createSelfSigned({
      name: issuer.subject.replace(/\n/g, ', '),
      keys: attacker,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    });
    const forged = await X509CertificateGenerator.create({
      subject: issuer.subject.replace(/\n/g, ', '),
      issuer: lookAlike.subject,
      publicKey: await new PeculiarCertificate(issuer.raw).publicKey.export(),
      signingKey: attacker.privateKey,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    });
    // A response without certificates: the issuer comes from the pool, where the look-alike is first.
    const full = decodeOcspResponse(pki.respond(encodeOcspRequest([id])));
    const decoded = { ...full, basic: { ...full.basic!, certs: [] } };
    const pool = [new X509Certificate(Buffer.from(forged.rawData)), subCa1, issuer];
    expect(verifyOcspResponse(decoded, id, { pool, trustAnchors: [new X509Certificate(pki.moRootPem)], now: new Date() })).toMatchObject({
      ok: true,
      single: { status: 'good' },
    });
  });

  it('reads non-successful responses and refuses what is not an OCSP response', () => {
    expect(decodeOcspResponse(pki.respond(Buffer.from('nonsense'))).responseStatus).toBe('malformedRequest');
    expect(() => decodeOcspResponse(Buffer.from('nonsense'))).toThrow('not a DER OCSPResponse');
  });
});
