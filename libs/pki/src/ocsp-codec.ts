import { X509Certificate } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import {
  BasicOCSPResponse,
  CertID,
  OCSPRequest,
  OCSPResponse,
  OCSPResponseStatus,
  Request,
  TBSRequest,
  id_pkix_ocsp_basic,
} from '@peculiar/asn1-ocsp';
import { normalizeSerial } from './certificates';
import { digestOfOid, hashOid } from './hash-algorithms';
import type { CertIdentity } from './ocsp-request-data';

/** RFC 6960 OCSPResponseStatus names. */
export type OcspResponseStatus = 'successful' | 'malformedRequest' | 'internalError' | 'tryLater' | 'sigRequired' | 'unauthorized';

/** A CertID as it appears in a response (the responder may use SHA-1 whatever was asked). */
export interface ResponseCertId {
  /** node:crypto digest name (sha1, sha256, ...), or the OID when unknown. */
  digest: string;
  issuerNameHash: string;
  issuerKeyHash: string;
  serialNumber: string;
}

export interface SingleStatus {
  certId: ResponseCertId;
  status: 'good' | 'revoked' | 'unknown';
  revocationTime?: Date;
  thisUpdate: Date;
  nextUpdate?: Date;
}

export interface DecodedOcspResponse {
  responseStatus: OcspResponseStatus;
  /** Only for a successful response of type id-pkix-ocsp-basic. */
  basic?: {
    /** DER of tbsResponseData: what the signature covers. */
    signedData: Buffer;
    signatureAlgorithm: string;
    signature: Buffer;
    responderId: { byName?: Buffer; byKeyHash?: string };
    producedAt: Date;
    responses: SingleStatus[];
    certs: X509Certificate[];
  };
}

export class OcspCodecError extends Error {}

/** An OCSPRequest (RFC 6960 4.1) for the given certificates; unsigned, no nonce (responses stay cacheable, RFC 5019). */
export function encodeOcspRequest(ids: readonly CertIdentity[]): Buffer {
  const request = new OCSPRequest({
    tbsRequest: new TBSRequest({
      requestList: ids.map(
        (id) =>
          new Request({
            reqCert: new CertID({
              hashAlgorithm: new AlgorithmIdentifier({ algorithm: hashOid(id.hashAlgorithm), parameters: null }),
              issuerNameHash: new OctetString(Buffer.from(id.issuerNameHash, 'hex')),
              issuerKeyHash: new OctetString(Buffer.from(id.issuerKeyHash, 'hex')),
              serialNumber: serialBytes(id.serialNumber),
            }),
          }),
      ),
    }),
  });
  return Buffer.from(AsnConvert.serialize(request));
}

/** The CertIDs of an OCSPRequest (what a responder answers for). */
export function decodeOcspRequest(der: Buffer): ResponseCertId[] {
  let request: OCSPRequest;
  try {
    request = AsnConvert.parse(der, OCSPRequest);
  } catch (error) {
    throw new OcspCodecError(`not a DER OCSPRequest (${message(error)})`);
  }
  return request.tbsRequest.requestList.map((r) => certIdOf(r.reqCert));
}

/** Parses a DER OCSPResponse; throws OcspCodecError when it is not one. */
export function decodeOcspResponse(der: Buffer): DecodedOcspResponse {
  let response: OCSPResponse;
  try {
    response = AsnConvert.parse(der, OCSPResponse);
  } catch (error) {
    throw new OcspCodecError(`not a DER OCSPResponse (${message(error)})`);
  }
  const responseStatus = OCSPResponseStatus[response.responseStatus] as OcspResponseStatus | undefined;
  if (!responseStatus) throw new OcspCodecError(`unknown responseStatus ${response.responseStatus}`);
  if (responseStatus !== 'successful') return { responseStatus };
  if (!response.responseBytes) throw new OcspCodecError('a successful response without responseBytes');
  if (response.responseBytes.responseType !== id_pkix_ocsp_basic)
    throw new OcspCodecError(`responseType ${response.responseBytes.responseType} is not id-pkix-ocsp-basic`);
  let basic: BasicOCSPResponse;
  try {
    basic = AsnConvert.parse(response.responseBytes.response.buffer, BasicOCSPResponse);
  } catch (error) {
    throw new OcspCodecError(`not a BasicOCSPResponse (${message(error)})`);
  }
  if (!basic.tbsResponseDataRaw) throw new OcspCodecError('the signed response data could not be read');
  const data = basic.tbsResponseData;
  return {
    responseStatus,
    basic: {
      signedData: Buffer.from(basic.tbsResponseDataRaw),
      signatureAlgorithm: basic.signatureAlgorithm.algorithm,
      signature: Buffer.from(basic.signature),
      responderId: data.responderID.byKey
        ? { byKeyHash: Buffer.from(data.responderID.byKey.buffer).toString('hex') }
        : { byName: data.responderID.byName ? Buffer.from(AsnConvert.serialize(data.responderID.byName)) : Buffer.alloc(0) },
      producedAt: data.producedAt,
      responses: data.responses.map((single) => ({
        certId: certIdOf(single.certID),
        status: single.certStatus.revoked ? 'revoked' : single.certStatus.good !== undefined ? 'good' : 'unknown',
        ...(single.certStatus.revoked ? { revocationTime: single.certStatus.revoked.revocationTime } : {}),
        thisUpdate: single.thisUpdate,
        ...(single.nextUpdate ? { nextUpdate: single.nextUpdate } : {}),
      })),
      certs: (basic.certs ?? []).map((c) => new X509Certificate(Buffer.from(AsnConvert.serialize(c)))),
    },
  };
}

/** Does a response CertID name the requested certificate (same digest, hashes and serial)? */
export function sameCertificate(responseId: ResponseCertId, requested: CertIdentity): boolean {
  return (
    responseId.digest === requested.hashAlgorithm.toLowerCase() &&
    responseId.issuerNameHash === requested.issuerNameHash &&
    responseId.issuerKeyHash === requested.issuerKeyHash &&
    responseId.serialNumber === requested.serialNumber
  );
}

export function serialBytes(serialHex: string): ArrayBuffer {
  let hex = normalizeSerial(serialHex);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if (bytes[0] >= 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
}

function certIdOf(id: CertID): ResponseCertId {
  return {
    digest: digestOfOid(id.hashAlgorithm.algorithm) ?? id.hashAlgorithm.algorithm,
    issuerNameHash: Buffer.from(id.issuerNameHash.buffer).toString('hex'),
    issuerKeyHash: Buffer.from(id.issuerKeyHash.buffer).toString('hex'),
    serialNumber: normalizeSerial(Buffer.from(id.serialNumber).toString('hex')),
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
