import type { Logger } from 'pino';
import { OcspClient, TestPki } from '@voltlane/pki';
import { CertificateAuthority, type CaMaterial } from '../certificates/certificate-authority';
import type { StationServiceConfig } from '../../config/station-service-config';
import { NoContractCertificateProvider, type ContractCertificateProvider } from './contract-certificate-provider';
import { HttpContractCertificateProvider } from './http-contract-certificate-provider';
import { TestPkiContractCertificateProvider } from './test-pki-contract-certificate-provider';

/** What Plug & Charge adds to the station-service, opened once at start. */
export interface PncServices {
  ocsp: OcspClient;
  provider: ContractCertificateProvider;
  /** Signs V2GCertificate CSRs: the configured V2G sub-CA, else the test PKI's CPO Sub-CA 2 (provider test-pki), else none. */
  v2gCa: CertificateAuthority | undefined;
  /** The built-in test PKI when it is the provider (dev, tests). */
  testPki: TestPki | undefined;
}

export async function openPncServices(config: StationServiceConfig, logger: Logger): Promise<PncServices> {
  const pnc = config.pnc;
  const testPki = pnc.provider === 'test-pki' ? (pnc.testPki ? TestPki.load(pnc.testPki) : await TestPki.generate()) : undefined;
  if (testPki && !pnc.testPki)
    logger.warn(
      'Plug & Charge: a new built-in test PKI was generated for this start (set STATION_SERVICE_TEST_PKI_FILE to keep one); not for production',
    );
  const provider: ContractCertificateProvider =
    pnc.provider === 'http' && pnc.http
      ? new HttpContractCertificateProvider(pnc.http)
      : testPki
        ? new TestPkiContractCertificateProvider(testPki)
        : new NoContractCertificateProvider();
  const v2gMaterial: CaMaterial | undefined =
    config.certificates.v2gCa ??
    (testPki
      ? {
          certificatePem: testPki.material.cpoSubCa2.certificatePem,
          privateKeyPem: testPki.material.cpoSubCa2.privateKeyPem,
          intermediatesPem: testPki.material.cpoSubCa1.certificatePem,
        }
      : undefined);
  return {
    ocsp: new OcspClient(pnc.ocsp),
    provider,
    v2gCa: v2gMaterial ? await CertificateAuthority.open(v2gMaterial) : undefined,
    testPki,
  };
}
