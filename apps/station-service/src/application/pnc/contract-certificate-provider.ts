/** Get15118EVCertificate as the CSMS forwards it (M01 install / M02 update): the EV's EXI request, base64. */
export interface ContractCertificateRequest {
  stationId: string;
  /** ISO 15118 schema namespace of the EXI request (urn:iso:15118:2:2013:MsgDef, urn:iso:std:iso:15118:-20:CommonMessages). */
  iso15118SchemaVersion: string;
  action: 'Install' | 'Update';
  /** Base64 EXI CertificateInstallationReq / CertificateUpdateReq. */
  exiRequest: string;
  /** 2.1 (ISO 15118-20). */
  maximumContractCertificateChains?: number;
  /** 2.1 (ISO 15118-20). */
  prioritizedEMAIDs?: string[];
}

export type ContractCertificateAnswer =
  | {
      status: 'Accepted';
      /** Base64 EXI CertificateInstallationRes / CertificateUpdateRes for the EV. */
      exiResponse: string;
      /** 2.1: contracts still to be fetched (ISO 15118-20). */
      remainingContracts?: number;
    }
  | { status: 'Failed'; reasonCode: string; detail: string };

/**
 * The port to the contract-certificate provider (a mobility operator's PKI or a roaming hub's
 * certificate pool), which turns the EV's EXI request into the EXI response. Adapters: HTTP (a real
 * PKI), the built-in test PKI, or none.
 */
export interface ContractCertificateProvider {
  readonly kind: string;
  request(request: ContractCertificateRequest): Promise<ContractCertificateAnswer>;
}

/** No provider configured: every request Failed, saying so. */
export class NoContractCertificateProvider implements ContractCertificateProvider {
  readonly kind = 'none';
  async request(): Promise<ContractCertificateAnswer> {
    return {
      status: 'Failed',
      reasonCode: 'NoContractProvider',
      detail: 'no contract-certificate provider is configured (STATION_SERVICE_PNC_PROVIDER)',
    };
  }
}
