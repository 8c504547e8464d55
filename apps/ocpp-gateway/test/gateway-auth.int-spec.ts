import { uniqueName } from '@voltlane/testing';
import { GatewayTestKit } from './gateway-test-kit';
import { TestPki } from './test-pki';
import { type HandshakeRefused, TestStation, basicAuth } from '@voltlane/testing';

const PASSWORD = 'correct-horse-battery-3';

describe('ocpp-gateway: security profiles', () => {
  const kit = new GatewayTestKit();
  const pki = new TestPki();
  let p1: Awaited<ReturnType<GatewayTestKit['startGateway']>>;
  let p2: Awaited<ReturnType<GatewayTestKit['startGateway']>>;
  let p3: Awaited<ReturnType<GatewayTestKit['startGateway']>>;

  beforeAll(async () => {
    await kit.setUp();
    p1 = await kit.startGateway({ OCPP_SECURITY_PROFILE: '1' });
    p2 = await kit.startGateway({ OCPP_SECURITY_PROFILE: '2', OCPP_TLS_CERT_FILE: pki.serverCert, OCPP_TLS_KEY_FILE: pki.serverKey });
    p3 = await kit.startGateway({
      OCPP_SECURITY_PROFILE: '3',
      OCPP_TLS_CERT_FILE: pki.serverCert,
      OCPP_TLS_KEY_FILE: pki.serverKey,
      OCPP_TLS_CA_FILE: pki.caCert,
    });
  });
  afterAll(() => kit.tearDown());

  const refusedWith = (status: number) => expect.objectContaining({ status }) as HandshakeRefused;

  describe('profile 1: Basic auth over ws', () => {
    it('accepts the right password', async () => {
      const id = uniqueName('cs');
      await kit.addStation(id, { password: PASSWORD });
      const ws = await TestStation.connect(p1.url(id), ['ocpp1.6'], { headers: basicAuth(id, PASSWORD) });
      await ws.close();
    });

    it('accepts a 1.6 AuthorizationKey sent as raw bytes instead of its hex string', async () => {
      const id = uniqueName('cs');
      const keyHex = '0123456789abcdef0123456789abcdef01234567';
      await kit.addStation(id, { password: keyHex });
      const ws = await TestStation.connect(p1.url(id), ['ocpp1.6'], { headers: basicAuth(id, Buffer.from(keyHex, 'hex')) });
      await ws.close();
    });

    it.each([
      ['a wrong password', (id: string) => basicAuth(id, 'wrong-password-123'), 401],
      ['no credentials', () => ({}), 401],
      ['a malformed Authorization header', () => ({ Authorization: 'Bearer abc' }), 401],
      ['another station id as username (TC_A_02)', () => basicAuth('someone-else', PASSWORD), 401],
    ])('refuses %s', async (_name, headers, status) => {
      const id = uniqueName('cs');
      await kit.addStation(id, { password: PASSWORD });
      await expect(TestStation.connect(p1.url(id), ['ocpp1.6'], { headers: headers(id) })).rejects.toEqual(refusedWith(status));
    });

    it('refuses an unknown station with 404 before the upgrade', async () => {
      const id = uniqueName('unknown');
      await expect(TestStation.connect(p1.url(id), ['ocpp2.0.1'], { headers: basicAuth(id, PASSWORD) })).rejects.toEqual(refusedWith(404));
    });

    it("refuses another station's password", async () => {
      const [mine, theirs] = [uniqueName('cs'), uniqueName('cs')];
      await kit.addStation(mine, { password: 'my-own-password-0001' });
      await kit.addStation(theirs, { password: PASSWORD });
      await expect(TestStation.connect(p1.url(mine), ['ocpp1.6'], { headers: basicAuth(mine, PASSWORD) })).rejects.toEqual(
        refusedWith(401),
      );
    });

    it('refuses a station configured for another security profile', async () => {
      const id = uniqueName('cs');
      await kit.addStation(id, { password: PASSWORD, securityProfile: 2 });
      await expect(TestStation.connect(p1.url(id), ['ocpp1.6'], { headers: basicAuth(id, PASSWORD) })).rejects.toEqual(refusedWith(401));
    });

    it('refuses malformed identities in the path', async () => {
      await expect(TestStation.connect(`ws://127.0.0.1:${p1.port}/ocpp/${'x'.repeat(49)}`, ['ocpp1.6'])).rejects.toEqual(refusedWith(400));
      await expect(TestStation.connect(`ws://127.0.0.1:${p1.port}/ocpp/a%3Ab`, ['ocpp1.6'])).rejects.toEqual(refusedWith(400));
      await expect(TestStation.connect(`ws://127.0.0.1:${p1.port}/elsewhere/x`, ['ocpp1.6'])).rejects.toEqual(refusedWith(404));
    });

    it('percent-decodes the identity', async () => {
      const id = `RDAM ${uniqueName('cs')}`;
      await kit.addStation(id, { password: PASSWORD });
      const ws = await TestStation.connect(p1.url(id), ['ocpp1.6'], { headers: basicAuth(id, PASSWORD) });
      expect(p1.url(id)).toContain('RDAM%20');
      await ws.close();
    });
  });

  describe('profile 2: TLS and Basic auth', () => {
    it('accepts the right password over TLS and refuses a wrong one', async () => {
      const id = uniqueName('cs');
      await kit.addStation(id, { password: PASSWORD, securityProfile: 2 });
      const ws = await TestStation.connect(p2.url(id), ['ocpp2.0.1'], { headers: basicAuth(id, PASSWORD), ca: pki.ca });
      await ws.close();
      await expect(
        TestStation.connect(p2.url(id), ['ocpp2.0.1'], { headers: basicAuth(id, 'nope-nope-nope-1'), ca: pki.ca }),
      ).rejects.toEqual(refusedWith(401));
    });

    it('refuses a profile-1 station on the TLS listener', async () => {
      const id = uniqueName('cs');
      await kit.addStation(id, { password: PASSWORD, securityProfile: 1 });
      await expect(TestStation.connect(p2.url(id), ['ocpp2.0.1'], { headers: basicAuth(id, PASSWORD), ca: pki.ca })).rejects.toEqual(
        refusedWith(401),
      );
    });

    it('refuses TLS below 1.2', async () => {
      const id = uniqueName('cs');
      await kit.addStation(id, { password: PASSWORD, securityProfile: 2 });
      await expect(
        TestStation.connect(p2.url(id), ['ocpp2.0.1'], {
          headers: basicAuth(id, PASSWORD),
          ca: pki.ca,
          maxVersion: 'TLSv1.1',
          minVersion: 'TLSv1',
        }),
      ).rejects.toThrow();
    });
  });

  describe('profile 3: TLS with client certificates', () => {
    it("accepts a certificate whose subject is the station's identity", async () => {
      const id = uniqueName('cs');
      await kit.addStation(id, { securityProfile: 3 });
      const client = pki.issue(id);
      const ws = await TestStation.connect(p3.url(id), ['ocpp2.0.1'], { ca: pki.ca, cert: client.cert, key: client.key });
      await ws.close();
    });

    it('refuses a valid certificate issued to another identity', async () => {
      const id = uniqueName('cs');
      await kit.addStation(id, { securityProfile: 3 });
      const other = pki.issue(uniqueName('other'));
      await expect(TestStation.connect(p3.url(id), ['ocpp2.0.1'], { ca: pki.ca, cert: other.cert, key: other.key })).rejects.toEqual(
        refusedWith(401),
      );
    });

    it('refuses a self-signed certificate and a missing one at the TLS handshake', async () => {
      const id = uniqueName('cs');
      await kit.addStation(id, { securityProfile: 3 });
      const self = pki.issue(id, undefined, true);
      await expect(TestStation.connect(p3.url(id), ['ocpp2.0.1'], { ca: pki.ca, cert: self.cert, key: self.key })).rejects.toThrow();
      await expect(TestStation.connect(p3.url(id), ['ocpp2.0.1'], { ca: pki.ca })).rejects.toThrow();
    });
  });
});
