import { X509Certificate, createPrivateKey } from 'node:crypto';
import { parsePemChain } from '../certificates';
import { validateChain } from '../certificate-chain';
import { answerWithTestContract, decodeTestContractEnvelope } from './contract-envelope';
import { TestPki, testEmaidFor } from './test-pki';

describe('TestPki', () => {
  let pki: TestPki;
  beforeAll(async () => {
    pki = await TestPki.generate({ ocspUrl: 'http://127.0.0.1:9/ocsp', name: 'Spec' });
  });

  it('issues V2G and MO hierarchies whose chains verify (and OpenSSL-style CA flags)', () => {
    const v2gRoot = new X509Certificate(pki.v2gRootPem);
    const moRoot = new X509Certificate(pki.moRootPem);
    expect(v2gRoot.ca && moRoot.ca).toBe(true);
    const cpo = parsePemChain(pki.cpoChainPem);
    expect(cpo.map((c) => c.subject)).toEqual(['CN=Spec CPO Sub-CA 2\nO=Spec', 'CN=Spec CPO Sub-CA 1\nO=Spec']);
    expect(validateChain(cpo, [v2gRoot], new Date())).toMatchObject({ ok: true });
    expect(cpo[0].infoAccess).toContain('OCSP - URI:http://127.0.0.1:9/ocsp');
  });

  it('issues contract certificates (CN = eMAID) under MO Sub-CA 2 with their key', async () => {
    const contract = await pki.issueContract('ZZVLTC12345678');
    const chain = parsePemChain(contract.chainPem);
    expect(chain).toHaveLength(3);
    expect(chain[0].subject).toContain('CN=ZZVLTC12345678');
    expect(chain[0].ca).toBe(false);
    expect(validateChain(chain, [new X509Certificate(pki.moRootPem)], new Date())).toMatchObject({ ok: true, path: expect.any(Array) });
    expect(validateChain(chain, [new X509Certificate(pki.v2gRootPem)], new Date())).toMatchObject({ ok: false, problem: 'CertChainError' });
    expect(chain[0].checkPrivateKey(createPrivateKey(contract.privateKeyPem))).toBe(true);
  });

  it('survives a store/load round trip', async () => {
    const loaded = TestPki.load(JSON.parse(JSON.stringify(pki.material)));
    const contract = await loaded.issueContract('ZZVLTC00000001');
    expect(validateChain(parsePemChain(contract.chainPem), [new X509Certificate(pki.moRootPem)], new Date())).toMatchObject({ ok: true });
    expect(() => TestPki.load({ format: 'other' } as never)).toThrow('voltlane-test-pki/1');
  });

  it('answers an EXI request with the documented envelope: a real contract chain and its key', async () => {
    const exiRequest = Buffer.from('an EXI CertificateInstallationReq').toString('base64');
    const { exiResponse, emaid } = await answerWithTestContract(pki, { action: 'Install', exiRequest });
    expect(emaid).toBe(testEmaidFor(exiRequest));
    expect(emaid).toMatch(/^ZZVLTC[0-9A-F]{8}$/);
    expect(exiResponse.length).toBeLessThan(5600); // fits 2.0.1 Get15118EVCertificateResponse.exiResponse
    const envelope = decodeTestContractEnvelope(exiResponse);
    expect(envelope).toMatchObject({ format: 'voltlane-test-pki-contract/1', action: 'Install', emaid });
    const chain = envelope.contractCertificateChain.map((der) => new X509Certificate(Buffer.from(der, 'base64')));
    expect(validateChain(chain, [new X509Certificate(pki.moRootPem)], new Date())).toMatchObject({ ok: true });
    expect(() => decodeTestContractEnvelope(Buffer.from('{}').toString('base64'))).toThrow('envelope');
  });

  it('reports expired and foreign chains in OCPP terms', async () => {
    const expired = await pki.issueContract('ZZVLTC0000000E', {
      notBefore: new Date(Date.now() - 2 * 86_400_000),
      notAfter: new Date(Date.now() - 86_400_000),
    });
    expect(validateChain(parsePemChain(expired.chainPem), [new X509Certificate(pki.moRootPem)], new Date())).toMatchObject({
      ok: false,
      problem: 'CertificateExpired',
    });
  });
});
