import { answerWithTestContract, type TestPki } from '@voltlane/pki';
import type { ContractCertificateAnswer, ContractCertificateProvider, ContractCertificateRequest } from './contract-certificate-provider';

/**
 * The built-in test PKI as provider (development and tests): issues a real contract chain under
 * its MO root for every request (eMAID derived from the request) and answers with the
 * voltlane-test-pki-contract/1 envelope (base64 JSON), not EXI — see @voltlane/pki
 * TestContractEnvelope. Not for production.
 */
export class TestPkiContractCertificateProvider implements ContractCertificateProvider {
  readonly kind = 'test-pki';

  constructor(private readonly pki: TestPki) {}

  async request(request: ContractCertificateRequest): Promise<ContractCertificateAnswer> {
    const { exiResponse } = await answerWithTestContract(this.pki, request);
    return {
      status: 'Accepted',
      exiResponse,
      ...(request.maximumContractCertificateChains !== undefined ? { remainingContracts: 0 } : {}),
    };
  }
}
