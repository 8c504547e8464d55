// ISO 15118 / Plug & Charge certificate handling shared by the services: OCSP (RFC 6960) request
// and response codec, response verification and an HTTP client with a validity cache, contract
// chain validation, and the built-in test PKI for development and tests.
export {
  parsePemChain,
  ocspUrlsOf,
  normalizeSerial,
  isSelfSigned,
  validAt,
  subjectDer,
  publicKeyBits,
  digest,
  randomSerialNumber,
} from './certificates';
export { validateChain, type ChainCheck, type ChainProblem } from './certificate-chain';
export { OCPP_HASH_ALGORITHMS, type OcppHashAlgorithm } from './hash-algorithms';
export {
  certIdentityOf,
  certIdKey,
  ocspRequestDataFor,
  OcspRequestDataError,
  type CertIdentity,
  type OcspRequestData,
} from './ocsp-request-data';
export {
  decodeOcspRequest,
  decodeOcspResponse,
  encodeOcspRequest,
  sameCertificate,
  OcspCodecError,
  type DecodedOcspResponse,
  type SingleStatus,
} from './ocsp-codec';
export { verifyOcspResponse, type OcspVerification, type OcspVerifyOptions } from './ocsp-verify';
export { OcspClient, type OcspCheck, type OcspCheckOptions } from './ocsp-client';
export { loadOcspConfig, type OcspConfig } from './ocsp-config';
export { TestPki, testEmaidFor, type IssuedContract, type KeyedCertificate, type TestPkiMaterial } from './test-pki/test-pki';
export { answerWithTestContract, decodeTestContractEnvelope, type TestContractEnvelope } from './test-pki/contract-envelope';
export { toPem } from './test-pki/pem';
