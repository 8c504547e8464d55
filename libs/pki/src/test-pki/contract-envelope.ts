import { createHash, createPrivateKey } from 'node:crypto';
import { parsePemChain } from '../certificates';
import { testEmaidFor, type TestPki } from './test-pki';

/**
 * What the built-in test PKI puts in `exiResponse` instead of an EXI-encoded ISO 15118
 * CertificateInstallationRes / CertificateUpdateRes: base64 of this JSON. It carries a real,
 * verifiable contract chain and its key, so development and tests can check what was issued; a real
 * EV cannot read it. A real PKI (the HTTP adapter) returns the EXI response itself.
 */
export interface TestContractEnvelope {
  format: 'voltlane-test-pki-contract/1';
  action: 'Install' | 'Update';
  emaid: string;
  /** Contract certificate, MO Sub-CA 2, MO Sub-CA 1: base64 DER each (ISO 15118-2 ContractSignatureCertChain). */
  contractCertificateChain: string[];
  /** The contract key, PKCS#8 DER base64 (ISO 15118 encrypts it for the EV; this test envelope does not). */
  contractPrivateKey: string;
  /** SHA-256 (hex) of the base64 exiRequest it answers. */
  exiRequestSha256: string;
}

/** Issues a contract for an EXI request (eMAID derived from the request) and wraps it in the envelope, base64. */
export async function answerWithTestContract(
  pki: TestPki,
  request: { action: 'Install' | 'Update'; exiRequest: string },
): Promise<{ exiResponse: string; emaid: string }> {
  const emaid = testEmaidFor(request.exiRequest);
  const contract = await pki.issueContract(emaid);
  const envelope: TestContractEnvelope = {
    format: 'voltlane-test-pki-contract/1',
    action: request.action,
    emaid,
    contractCertificateChain: parsePemChain(contract.chainPem).map((c) => c.raw.toString('base64')),
    contractPrivateKey: createPrivateKey(contract.privateKeyPem).export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    exiRequestSha256: createHash('sha256').update(request.exiRequest).digest('hex'),
  };
  return { exiResponse: Buffer.from(JSON.stringify(envelope)).toString('base64'), emaid };
}

/** Reads an envelope back (tests, tools); throws when `exiResponse` is not one. */
export function decodeTestContractEnvelope(exiResponse: string): TestContractEnvelope {
  const envelope = JSON.parse(Buffer.from(exiResponse, 'base64').toString('utf8')) as TestContractEnvelope;
  if (envelope?.format !== 'voltlane-test-pki-contract/1') throw new Error('not a voltlane-test-pki-contract/1 envelope');
  return envelope;
}
