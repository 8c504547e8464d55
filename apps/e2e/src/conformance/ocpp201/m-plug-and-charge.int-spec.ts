// OCTT 2.0.1 CSMS test cases for Plug & Charge (ISO 15118 certificate handling): contract
// authorization with OCSP (C07: TC_C_50..52), GetCertificateStatus (M06: TC_M_24), contract
// installation and update through the provider (M01/M02: TC_M_26, TC_M_28), the SECC (V2G)
// certificate signed by the V2G sub-CA (A02: TC_A_12) and V2G/MO roots. A real OCSP responder and a
// real contract-certificate provider run over HTTP on 127.0.0.1, both backed by the test PKI.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { X509Certificate } from 'node:crypto';
import {
  TestPki,
  answerWithTestContract,
  certIdentityOf,
  decodeOcspRequest,
  decodeOcspResponse,
  decodeTestContractEnvelope,
  ocspRequestDataFor,
  parsePemChain,
  validateChain,
  verifyOcspResponse,
  type IssuedContract,
  type OcspRequestData,
} from '@voltlane/pki';
import { startOcspResponder, waitFor, type OcspResponderServer } from '@voltlane/testing';
import { StackHarness } from '../../stack-harness';
import { Station201, Transaction201, energyValue, idTokenOf, newIdToken, newStationId, provisionIdToken } from '../ocpp201-station';
import { chainOf, newStationKey } from '../station-certificates';

/** The counterpart of the HTTP contract-certificate provider adapter: a roaming hub's endpoint, issuing from the test PKI. */
interface ProviderServer {
  url: string;
  requests: { headers: IncomingHttpHeaders; body: Record<string, unknown> }[];
  failing: boolean;
  close(): Promise<void>;
}

async function startProvider(pki: TestPki): Promise<ProviderServer> {
  const state: ProviderServer = { url: '', requests: [], failing: false, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      state.requests.push({ headers: req.headers, body });
      if (state.failing) {
        res.writeHead(503, { 'content-type': 'text/plain' }).end('certificate pool unavailable');
        return;
      }
      void answerWithTestContract(pki, { action: body.action as 'Install' | 'Update', exiRequest: String(body.exiRequest) }).then(
        ({ exiResponse }) =>
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'Accepted', exiResponse })),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/contracts`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

const PROVIDER_TOKEN = 'Bearer e2e-provider-token';

describe('OCTT 2.0.1 CSMS — Plug & Charge (C07, M01/M02/M06, A02 V2G)', () => {
  let harness: StackHarness;
  let pki: TestPki;
  let ocsp: OcspResponderServer;
  let provider: ProviderServer;

  beforeAll(async () => {
    // The responder URL is in the certificates, so the responder listens before the PKI issues them.
    let responder: (der: Buffer) => Buffer = () => Buffer.alloc(0);
    ocsp = await startOcspResponder((der) => responder(der));
    pki = await TestPki.generate({ ocspUrl: ocsp.url, name: 'OCTT' });
    responder = (der) => pki.respond(der);
    provider = await startProvider(pki);
    harness = await StackHarness.start({
      services: ['station', 'customer', 'session', 'metering'],
      api: true,
      serviceEnv: {
        STATION_SERVICE_UNKNOWN_STATIONS: 'accept',
        STATION_SERVICE_PNC_PROVIDER: 'http',
        STATION_SERVICE_PNC_PROVIDER_URL: provider.url,
        STATION_SERVICE_PNC_PROVIDER_AUTH_HEADER: `Authorization: ${PROVIDER_TOKEN}`,
        STATION_SERVICE_PNC_PROVIDER_TIMEOUT_MS: '5000',
        STATION_SERVICE_V2G_CA_CERT_PEM: `${pki.material.cpoSubCa2.certificatePem}${pki.material.cpoSubCa1.certificatePem}`,
        STATION_SERVICE_V2G_CA_KEY_PEM: pki.material.cpoSubCa2.privateKeyPem,
        OCSP_TIMEOUT_MS: '2000',
      },
    });
    // The CSMS trusts the OCTT's MO and V2G roots (installed through the operator API).
    for (const [certificateType, certificate] of [
      ['MORootCertificate', pki.moRootPem],
      ['V2GRootCertificate', pki.v2gRootPem],
    ]) {
      const installed = await harness.api.request('POST', '/api/v1/pki/root-certificates', { certificateType, certificate });
      expect(installed.status).toBe(201);
    }
  });
  afterAll(async () => {
    await harness?.stop();
    await ocsp?.close();
    await provider?.close();
  });

  /** The hash data of a contract chain: the contract certificate and both MO sub-CAs (OCPP's 1–4 entries). */
  function hashDataOf(contract: IssuedContract): OcspRequestData[] {
    const [leaf, subCa2, subCa1] = parsePemChain(contract.chainPem);
    const root = new X509Certificate(pki.moRootPem);
    return [ocspRequestDataFor(leaf, subCa2), ocspRequestDataFor(subCa2, subCa1), ocspRequestDataFor(subCa1, root)];
  }

  /** OCTT reusable state EVConnectedPreSession: occupied, transaction started by the cable. */
  async function evConnected(cs: Station201): Promise<Transaction201> {
    const tx = new Transaction201();
    await cs.status(1, 1, 'Occupied');
    await cs.event(tx, 'Started', 'CablePluggedIn', { chargingState: 'EVConnected', meterValue: [energyValue(0, 'Transaction.Begin')] });
    return tx;
  }

  async function authorizeContract(cs: Station201, emaid: string, contract: { hashData?: OcspRequestData[]; certificate?: string }) {
    return cs.call<{ idTokenInfo: { status: string }; certificateStatus?: string }>('Authorize', {
      idToken: idTokenOf(emaid, 'eMAID'),
      ...(contract.certificate ? { certificate: contract.certificate } : {}),
      ...(contract.hashData ? { iso15118CertificateHashData: contract.hashData } : {}),
    });
  }

  it('TC_C_50_CSMS Authorization using Contract Certificates 15118 - Online - Local contract certificate validation - Accepted', async () => {
    const emaid = (await provisionIdToken(harness, `NLVLT${newIdToken('C').slice(0, 9)}`, { type: 'eMAID' })).idToken;
    const contract = await pki.issueContract(emaid);
    const cs = await Station201.booted(harness, newStationId('C50'));
    const tx = await evConnected(cs);
    const before = ocsp.requests.length;
    const answer = await authorizeContract(cs, emaid, { hashData: hashDataOf(contract) });
    expect(answer).toMatchObject({ idTokenInfo: { status: 'Accepted' }, certificateStatus: 'Accepted' });
    // One OCSP request per hash data entry, to the responder URL they name.
    expect(ocsp.requests.length - before).toBe(3);
    const authorized = await cs.event(tx, 'Updated', 'Authorized', { idToken: idTokenOf(emaid, 'eMAID') });
    expect(authorized.idTokenInfo?.status).toBe('Accepted');
    await cs.event(tx, 'Updated', 'ChargingStateChanged', { chargingState: 'Charging' });
  });

  it('TC_C_51_CSMS Authorization using Contract Certificates 15118 - Online - Local contract certificate validation - Rejected', async () => {
    const emaid = (await provisionIdToken(harness, `NLVLT${newIdToken('R').slice(0, 9)}`, { type: 'eMAID' })).idToken;
    const contract = await pki.issueContract(emaid);
    pki.revoke(contract.serialNumber, new Date(Date.now() - 60_000));
    const cs = await Station201.booted(harness, newStationId('C51'));
    await evConnected(cs);
    const before = ocsp.requests.length;
    expect(await authorizeContract(cs, emaid, { hashData: hashDataOf(contract) })).toMatchObject({
      idTokenInfo: { status: 'Invalid' },
      certificateStatus: 'CertificateRevoked',
    });
    expect(ocsp.requests.length).toBeGreaterThan(before);
  });

  it('TC_C_52_CSMS Authorization using Contract Certificates 15118 - Online - Central contract certificate validation - Accepted', async () => {
    const emaid = (await provisionIdToken(harness, `NLVLT${newIdToken('Z').slice(0, 9)}`, { type: 'eMAID' })).idToken;
    const contract = await pki.issueContract(emaid);
    const cs = await Station201.booted(harness, newStationId('C52'));
    const tx = await evConnected(cs);
    const before = ocsp.requests.length;
    // The station cannot validate the contract itself: the chain (PEM, no hash data) goes to the CSMS.
    expect(await authorizeContract(cs, emaid, { certificate: contract.chainPem })).toMatchObject({
      idTokenInfo: { status: 'Accepted' },
      certificateStatus: 'Accepted',
    });
    // The CSMS derived the request data itself (AIA responder URL, issuer hashes); the contract
    // certificate is asked for (the sub-CAs' answers may still be cached from earlier cases).
    const asked = ocsp.requests.slice(before).flatMap((der) => decodeOcspRequest(der).map((id) => id.serialNumber));
    expect(asked).toContain(contract.serialNumber);
    expect((await cs.event(tx, 'Updated', 'Authorized', { idToken: idTokenOf(emaid, 'eMAID') })).idTokenInfo?.status).toBe('Accepted');

    // A chain that does not lead to an installed root, and an expired contract, are not accepted.
    const foreign = await (await TestPki.generate({ ocspUrl: ocsp.url })).issueContract(emaid);
    expect(await authorizeContract(cs, emaid, { certificate: foreign.chainPem })).toMatchObject({
      idTokenInfo: { status: 'Invalid' },
      certificateStatus: 'CertChainError',
    });
    const expired = await pki.issueContract(emaid, {
      notBefore: new Date(Date.now() - 2 * 86_400_000),
      notAfter: new Date(Date.now() - 86_400_000),
    });
    expect(await authorizeContract(cs, emaid, { certificate: expired.chainPem })).toMatchObject({
      idTokenInfo: { status: 'Invalid' },
      certificateStatus: 'CertificateExpired',
    });
  });

  it('Plug & Charge: OCSP answers are reused until nextUpdate; with the responder down the local rules decide (CUSTOMER_SERVICE_OCSP_UNREACHABLE=local)', async () => {
    const emaid = (await provisionIdToken(harness, `NLVLT${newIdToken('U').slice(0, 9)}`, { type: 'eMAID' })).idToken;
    const contract = await pki.issueContract(emaid);
    const cs = await Station201.booted(harness, newStationId('PNCU'));
    await evConnected(cs);
    expect(await authorizeContract(cs, emaid, { hashData: hashDataOf(contract) })).toMatchObject({ certificateStatus: 'Accepted' });
    ocsp.unavailable = true;
    try {
      const before = ocsp.requests.length;
      // Cached (valid until nextUpdate): no request at all.
      expect(await authorizeContract(cs, emaid, { hashData: hashDataOf(contract) })).toMatchObject({
        idTokenInfo: { status: 'Accepted' },
        certificateStatus: 'Accepted',
      });
      expect(ocsp.requests.length).toBe(before);
      // Not cached, responder down: the token's own status decides, the chain of the certificate is still checked.
      const fresh = await pki.issueContract(emaid);
      expect(await authorizeContract(cs, emaid, { certificate: fresh.chainPem })).toMatchObject({
        idTokenInfo: { status: 'Accepted' },
        certificateStatus: 'Accepted',
      });
      expect(ocsp.requests.length).toBeGreaterThan(before);
      const unknown = idTokenOf(newIdToken('NOPE'), 'eMAID');
      expect(
        (await cs.call<{ idTokenInfo: { status: string } }>('Authorize', { idToken: unknown, certificate: fresh.chainPem })).idTokenInfo
          .status,
      ).not.toBe('Accepted');
    } finally {
      ocsp.unavailable = false;
    }
  });

  it('TC_M_24_CSMS Get Charging Station Certificate status - Success', async () => {
    const cs = await Station201.booted(harness, newStationId('M24'));
    const [subCa2, subCa1, root] = [pki.material.cpoSubCa2, pki.material.cpoSubCa1, pki.material.v2gRoot].map(
      (m) => new X509Certificate(m.certificatePem),
    );
    for (const [certificate, issuer] of [
      [subCa2, subCa1],
      [subCa1, root],
    ]) {
      const before = ocsp.requests.length;
      const data = ocspRequestDataFor(certificate, issuer);
      const answer = await cs.call<{ status: string; ocspResult?: string }>('GetCertificateStatus', { ocspRequestData: data });
      expect(answer.status).toBe('Accepted');
      expect(ocsp.requests.length).toBe(before + 1);
      // ocspResult: the DER OCSPResponse (RFC 6960), base64, signed, good for that certificate.
      const id = certIdentityOf(data);
      const verified = verifyOcspResponse(decodeOcspResponse(Buffer.from(answer.ocspResult ?? '', 'base64')), id, {
        pool: [issuer],
        trustAnchors: [root],
        now: new Date(),
      });
      expect(verified).toMatchObject({ ok: true, single: { status: 'good' } });
    }
    // The responder down and nothing cached for this certificate: Failed with the reason.
    ocsp.unavailable = true;
    try {
      const contract = parsePemChain((await pki.issueContract('ZZVLTC0000M24X')).chainPem);
      const answer = await cs.call<{ status: string; statusInfo?: { reasonCode: string } }>('GetCertificateStatus', {
        ocspRequestData: ocspRequestDataFor(contract[0], contract[1]),
      });
      expect(answer).toMatchObject({ status: 'Failed', statusInfo: { reasonCode: 'OcspUnreachable' } });
    } finally {
      ocsp.unavailable = false;
    }
  });

  async function evCertificate(tc: string, action: 'Install' | 'Update'): Promise<void> {
    const cs = await Station201.booted(harness, newStationId(tc));
    const exiRequest = Buffer.from(`EXI CertificateInstallationReq of ${tc} ${action}`).toString('base64');
    const before = provider.requests.length;
    const answer = await cs.call<{ status: string; exiResponse: string }>('Get15118EVCertificate', {
      iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef',
      action,
      exiRequest,
    });
    expect(answer.status).toBe('Accepted');
    // Forwarded to the provider (with the deployment's auth header), answered with its response.
    expect(provider.requests).toHaveLength(before + 1);
    expect(provider.requests[before]).toMatchObject({
      headers: { authorization: PROVIDER_TOKEN },
      body: { stationId: cs.id, action, exiRequest, iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef' },
    });
    const envelope = decodeTestContractEnvelope(answer.exiResponse);
    expect(envelope).toMatchObject({ action, emaid: expect.stringMatching(/^ZZVLTC[0-9A-F]{8}$/) });
    const chain = envelope.contractCertificateChain.map((der) => new X509Certificate(Buffer.from(der, 'base64')));
    expect(chain[0].subject).toContain(`CN=${envelope.emaid}`);
    expect(validateChain(chain, [new X509Certificate(pki.moRootPem)], new Date())).toMatchObject({ ok: true });
  }

  it('TC_M_26_CSMS Certificate Installation EV - Success', async () => {
    await evCertificate('M26', 'Install');
  });

  it('TC_M_28_CSMS Certificate Update EV - Success', async () => {
    await evCertificate('M28', 'Update');
    // The provider failing: Failed with a reason, never a CALLERROR.
    provider.failing = true;
    try {
      const cs = await Station201.booted(harness, newStationId('M28F'));
      const answer = await cs.call('Get15118EVCertificate', {
        iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef',
        action: 'Update',
        exiRequest: 'AAAA',
      });
      expect(answer).toMatchObject({
        status: 'Failed',
        statusInfo: { reasonCode: 'ProviderError', additionalInfo: expect.stringContaining('503') },
      });
    } finally {
      provider.failing = false;
    }
  });

  it('TC_A_12_CSMS Update Charging Station Certificate by request of CSMS - Success - V2G Certificate', async () => {
    const cs = await Station201.booted(harness, newStationId('A12'));
    expect(await cs.commandResult('TriggerMessage', { requestedMessage: 'SignV2GCertificate' })).toEqual({ status: 'Accepted' });
    const key = await newStationKey('CN=SECC-A12, O=OCTT, OU=V2G, C=NL');
    expect(await cs.call('SignCertificate', { csr: key.csrPem, certificateType: 'V2GCertificate' })).toEqual({ status: 'Accepted' });
    const [signed] = await cs.receivedCalls('CertificateSigned');
    expect(signed.payload.certificateType).toBe('V2GCertificate');
    const chain = chainOf(signed.payload.certificateChain as string);
    // Leaf (the station's key), then CPO Sub-CA 2 and Sub-CA 1: verifiable up to the V2G root.
    expect(chain).toHaveLength(3);
    expect(chain[0].publicKey.export({ type: 'spki', format: 'der' }).equals(key.spki)).toBe(true);
    expect(chain[0].subject).toContain('CN=SECC-A12');
    expect(validateChain(chain, [new X509Certificate(pki.v2gRootPem)], new Date())).toMatchObject({ ok: true });
    await waitFor(
      async () =>
        (
          await harness.service('station').dataSource.query(`SELECT status FROM certificate_signing_request WHERE station_id = $1`, [cs.id])
        )[0]?.status === 'Installed',
      {
        message: 'V2G certificate recorded as installed',
      },
    );
  });

  async function installOnStation(tc: string, certificateType: string, certificate: string): Promise<void> {
    const cs = await Station201.booted(harness, newStationId(tc));
    const sent = await harness.api.request('POST', `/api/v1/stations/${encodeURIComponent(cs.id)}/ocpp201/install-certificate`, {
      certificateType,
      certificate,
    });
    expect(sent).toMatchObject({ status: 200, body: { result: { status: 'Accepted' } } });
    expect((await cs.receivedCalls('InstallCertificate')).at(-1)?.payload).toMatchObject({ certificateType, certificate });
  }

  it('TC_M_03_CSMS Install CA certificate - V2GRootCertificate', async () => {
    await installOnStation('M03', 'V2GRootCertificate', pki.v2gRootPem);
  });

  it('TC_M_04_CSMS Install CA certificate - MORootCertificate', async () => {
    await installOnStation('M04', 'MORootCertificate', pki.moRootPem);
  });

  it('Plug & Charge: the CSMS trust store of V2G and MO roots (install, list, delete, bad input)', async () => {
    const listed = await harness.api.request('GET', '/api/v1/pki/root-certificates?certificateType=MORootCertificate');
    expect(listed.status).toBe(200);
    const mo = listed.body as { id: string; certificateType: string; certificateHashData: { issuerKeyHash: string } }[];
    expect(mo.map((r) => r.certificateType)).toEqual(['MORootCertificate']);
    expect(mo[0].certificateHashData.issuerKeyHash).toMatch(/^[0-9a-f]{64}$/);
    const again = await harness.api.request('POST', '/api/v1/pki/root-certificates', {
      certificateType: 'MORootCertificate',
      certificate: pki.moRootPem,
    });
    expect(again).toMatchObject({ status: 409, body: { id: mo[0].id } });
    expect(
      (
        await harness.api.request('POST', '/api/v1/pki/root-certificates', {
          certificateType: 'MORootCertificate',
          certificate: pki.material.moSubCa2.certificatePem,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await harness.api.request('POST', '/api/v1/pki/root-certificates', {
          certificateType: 'MORootCertificate',
          certificate: 'not a certificate',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await harness.api.request('POST', '/api/v1/pki/root-certificates', {
          certificateType: 'CSMSRootCertificate',
          certificate: pki.moRootPem,
        })
      ).status,
    ).toBe(400);
    expect((await harness.api.request('GET', '/api/v1/pki/root-certificates?certificateType=Other')).status).toBe(400);
    expect((await harness.api.request('DELETE', '/api/v1/pki/root-certificates/not-an-id')).status).toBe(404);
    const other = await TestPki.generate();
    const added = await harness.api.request('POST', '/api/v1/pki/root-certificates', {
      certificateType: 'MORootCertificate',
      certificate: other.moRootPem,
    });
    expect(added.status).toBe(201);
    expect((await harness.api.request('DELETE', `/api/v1/pki/root-certificates/${added.body.id}`)).status).toBe(204);
    expect((await harness.api.request('DELETE', `/api/v1/pki/root-certificates/${added.body.id}`)).status).toBe(404);
  });

  it('Plug & Charge over OCPP 2.1: Authorize with hash data answers certificateStatus', async () => {
    const emaid = (await provisionIdToken(harness, `NLVLT${newIdToken('V').slice(0, 9)}`, { type: 'eMAID' })).idToken;
    const contract = await pki.issueContract(emaid);
    const id = newStationId('PNC21');
    const ws = await harness.connect(id, 'ocpp2.1');
    const boot = await ws.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'OCTT-21', vendorName: 'Voltlane' } });
    expect(boot[2]).toMatchObject({ status: 'Accepted' });
    const answer = await ws.call('Authorize', {
      idToken: { idToken: emaid, type: 'eMAID' },
      iso15118CertificateHashData: hashDataOf(contract),
    });
    expect(answer[2]).toMatchObject({ idTokenInfo: { status: 'Accepted' }, certificateStatus: 'Accepted' });
    pki.revoke(contract.serialNumber);
    const fresh = await pki.issueContract(emaid);
    pki.revoke(fresh.serialNumber);
    const revoked = await ws.call('Authorize', { idToken: { idToken: emaid, type: 'eMAID' }, certificate: fresh.chainPem });
    expect(revoked[2]).toMatchObject({ idTokenInfo: { status: 'Invalid' }, certificateStatus: 'CertificateRevoked' });
  });
});
