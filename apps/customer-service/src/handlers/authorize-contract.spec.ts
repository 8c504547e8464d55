import type { InboundCallContext } from '@voltlane/service-kit';
import { loadCustomerServiceConfig } from '../config/customer-service-config';
import type { AuthorizationService } from '../application/authorization.service';
import type { ContractCertificateVerifier, ContractVerification } from '../application/pnc/contract-certificate.verifier';
import { AuthorizeHandler } from './authorize.handler';

function aContext(protocol: 'ocpp1.6' | 'ocpp2.0.1' | 'ocpp2.1'): InboundCallContext {
  return {
    stationId: 'CS-1',
    protocol,
    action: 'Authorize',
    messageId: 'm',
    connectionId: 'c',
    gatewayInstance: 'g',
    receivedAt: new Date('2026-01-01T00:00:00Z'),
    answered: false,
  };
}

describe('Authorize with an ISO 15118 contract', () => {
  const authorization = {
    authorizeIdToken: async () => ({ status: 'Accepted' }),
    authorizeIdTag: async () => ({ status: 'Accepted' }),
  } as unknown as AuthorizationService;
  const verifier = (result: ContractVerification | undefined) =>
    ({ verify: jest.fn(async () => result) }) as unknown as ContractCertificateVerifier & { verify: jest.Mock };
  const hashData = [
    {
      hashAlgorithm: 'SHA256',
      issuerNameHash: 'a'.repeat(64),
      issuerKeyHash: 'b'.repeat(64),
      serialNumber: '01',
      responderURL: 'http://ocsp',
    },
  ];
  const emaid = { idToken: 'NLVLTC12345678', type: 'eMAID' };

  it.each(['ocpp2.0.1', 'ocpp2.1'] as const)('%s: certificateStatus Accepted keeps the token decision', async (protocol) => {
    const contracts = verifier({ certificateStatus: 'Accepted', revocation: 'ocsp' });
    const answer = await new AuthorizeHandler(authorization, contracts).handle(
      { idToken: emaid, iso15118CertificateHashData: hashData },
      aContext(protocol),
    );
    expect(answer).toEqual({ idTokenInfo: { status: 'Accepted' }, certificateStatus: 'Accepted' });
    expect(contracts.verify).toHaveBeenCalledWith(
      { certificate: undefined, iso15118CertificateHashData: hashData },
      new Date('2026-01-01T00:00:00Z'),
    );
  });

  it.each(['CertificateRevoked', 'CertificateExpired', 'CertChainError'] as const)(
    '%s makes idTokenInfo.status Invalid (C07.FR.16)',
    async (certificateStatus) => {
      const answer = await new AuthorizeHandler(authorization, verifier({ certificateStatus, revocation: 'ocsp' })).handle(
        { idToken: emaid, certificate: 'PEM' },
        aContext('ocpp2.0.1'),
      );
      expect(answer).toEqual({ idTokenInfo: { status: 'Invalid' }, certificateStatus });
    },
  );

  it('answers a plain idToken without certificateStatus, and 1.6 as before', async () => {
    const handler = new AuthorizeHandler(authorization, verifier(undefined));
    expect(await handler.handle({ idToken: emaid }, aContext('ocpp2.0.1'))).toEqual({ idTokenInfo: { status: 'Accepted' } });
    expect(await handler.handle({ idTag: 'ABC' }, aContext('ocpp1.6'))).toEqual({ idTagInfo: { status: 'Accepted' } });
  });
});

describe('customer-service Plug & Charge settings', () => {
  it('defaults to the local rules when OCSP is unreachable', () => {
    expect(loadCustomerServiceConfig({}).pnc).toEqual({
      unreachable: 'local',
      ocsp: { timeoutMs: 3_000, cacheMaxEntries: 10_000, allowedHosts: undefined },
    });
    expect(loadCustomerServiceConfig({ CUSTOMER_SERVICE_OCSP_UNREACHABLE: 'reject' }).pnc.unreachable).toBe('reject');
  });

  it.each([
    ['CUSTOMER_SERVICE_OCSP_UNREACHABLE', 'accept'],
    ['OCSP_TIMEOUT_MS', '50'],
    ['OCSP_CACHE_MAX_ENTRIES', '-1'],
  ])('fails naming %s=%s', (name, value) => {
    expect(() => loadCustomerServiceConfig({ [name]: value })).toThrow(name);
  });
});
