// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata polyfill.
import 'reflect-metadata';
import { X509Certificate, createHash, createPrivateKey, sign, webcrypto, type KeyObject } from 'node:crypto';
import {
  AuthorityInfoAccessExtension,
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  type Extension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
  X509Certificate as PeculiarCertificate,
} from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate } from '@peculiar/asn1-x509';
import {
  BasicOCSPResponse,
  CertID,
  CertStatus,
  KeyHash,
  OCSPResponse,
  OCSPResponseStatus,
  ResponderID,
  ResponseBytes,
  ResponseData,
  RevokedInfo,
  SingleResponse,
  id_pkix_ocsp_basic,
} from '@peculiar/asn1-ocsp';
import { OctetString } from '@peculiar/asn1-schema';
import { digest, normalizeSerial, publicKeyBits, randomSerialNumber, subjectDer } from '../certificates';
import { OcspCodecError, decodeOcspRequest, serialBytes, type ResponseCertId } from '../ocsp-codec';
import { hashOid } from '../hash-algorithms';
import { toPem } from './pem';

/** A CA (or leaf) certificate with its private key, both PEM. */
export interface KeyedCertificate {
  certificatePem: string;
  privateKeyPem: string;
}

/** The stored form of a test PKI (what the all-in-one keeps in `<data>/pki/test-pki.json`). */
export interface TestPkiMaterial {
  format: 'voltlane-test-pki/1';
  ocspUrl: string | null;
  v2gRoot: KeyedCertificate;
  cpoSubCa1: KeyedCertificate;
  cpoSubCa2: KeyedCertificate;
  moRoot: KeyedCertificate;
  moSubCa1: KeyedCertificate;
  moSubCa2: KeyedCertificate;
}

export interface IssuedContract {
  emaid: string;
  /** The contract certificate, PEM. */
  certificatePem: string;
  privateKeyPem: string;
  /** Contract certificate, MO Sub-CA 2, MO Sub-CA 1 (root excluded), PEM: OCPP's AuthorizeRequest.certificate. */
  chainPem: string;
  serialNumber: string;
}

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const DAY = 86_400_000;

interface Ca {
  certificate: X509Certificate;
  key: KeyObject;
  keyHashes: Map<string, string>;
  nameHashes: Map<string, string>;
}

/**
 * A complete ISO 15118 test PKI for development and tests, issuing real, verifiable certificates:
 * V2G root → CPO Sub-CA 1 → CPO Sub-CA 2 (signs SECC / V2G charging station certificates) and MO
 * root → MO Sub-CA 1 → MO Sub-CA 2 → contract certificates (CN = eMAID). Every CA answers OCSP for
 * what it issued (`respond`), signing with its own key; `revoke` marks a certificate revoked.
 * Not for production: keys live in memory and in the material file.
 */
export class TestPki {
  private readonly issued = new Set<string>();
  private readonly revoked = new Map<string, Date>();
  private readonly cas: Ca[];

  private constructor(readonly material: TestPkiMaterial) {
    this.cas = [material.v2gRoot, material.cpoSubCa1, material.cpoSubCa2, material.moRoot, material.moSubCa1, material.moSubCa2].map((m) =>
      ca(m),
    );
    for (const c of this.cas) this.issued.add(serialOf(c.certificate));
  }

  /** New roots and sub-CAs (10 years); sub-CAs and contracts name `ocspUrl` in their AIA extension when given. */
  static async generate(options: { ocspUrl?: string; name?: string } = {}): Promise<TestPki> {
    const name = options.name ?? 'Voltlane Test';
    const ocspUrl = options.ocspUrl ?? null;
    const v2gRoot = await createCa(`CN=${name} V2G Root CA, O=${name}, DC=V2G`, undefined, 2, null);
    const cpoSubCa1 = await createCa(`CN=${name} CPO Sub-CA 1, O=${name}`, v2gRoot, 1, ocspUrl);
    const cpoSubCa2 = await createCa(`CN=${name} CPO Sub-CA 2, O=${name}`, cpoSubCa1, 0, ocspUrl);
    const moRoot = await createCa(`CN=${name} MO Root CA, O=${name}, DC=MO`, undefined, 2, null);
    const moSubCa1 = await createCa(`CN=${name} MO Sub-CA 1, O=${name}`, moRoot, 1, ocspUrl);
    const moSubCa2 = await createCa(`CN=${name} MO Sub-CA 2, O=${name}`, moSubCa1, 0, ocspUrl);
    return new TestPki({ format: 'voltlane-test-pki/1', ocspUrl, v2gRoot, cpoSubCa1, cpoSubCa2, moRoot, moSubCa1, moSubCa2 });
  }

  /** A PKI from its stored material (JSON); throws when the material is not one. */
  static load(material: TestPkiMaterial): TestPki {
    if (material?.format !== 'voltlane-test-pki/1') throw new Error('not voltlane-test-pki/1 material');
    return new TestPki(material);
  }

  get v2gRootPem(): string {
    return this.material.v2gRoot.certificatePem;
  }

  get moRootPem(): string {
    return this.material.moRoot.certificatePem;
  }

  /** CPO Sub-CA 2 then CPO Sub-CA 1: what follows an SECC certificate in its chain. */
  get cpoChainPem(): string {
    return `${this.material.cpoSubCa2.certificatePem.trim()}\n${this.material.cpoSubCa1.certificatePem.trim()}\n`;
  }

  /** Issues a contract certificate for `emaid` (a new P-256 key) under MO Sub-CA 2. */
  async issueContract(emaid: string, options: { notAfter?: Date; notBefore?: Date } = {}): Promise<IssuedContract> {
    const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
    const issuer = this.material.moSubCa2;
    const certificate = await createCertificate({
      subject: `CN=${emaid}, O=Voltlane Test MO`,
      publicKey: keys.publicKey,
      issuer,
      notBefore: options.notBefore,
      notAfter: options.notAfter ?? new Date(Date.now() + 2 * 365 * DAY),
      ca: undefined,
      ocspUrl: this.material.ocspUrl,
      usages: KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation | KeyUsageFlags.keyAgreement,
    });
    const certificatePem = certificate.toString('pem');
    const serialNumber = normalizeSerial(certificate.serialNumber);
    this.issued.add(serialNumber);
    const privateKeyPem = toPem(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');
    const chainPem = `${certificatePem.trim()}\n${this.material.moSubCa2.certificatePem.trim()}\n${this.material.moSubCa1.certificatePem.trim()}\n`;
    return { emaid, certificatePem, privateKeyPem, chainPem, serialNumber };
  }

  revoke(serialNumber: string, at = new Date()): void {
    this.revoked.set(normalizeSerial(serialNumber), at);
  }

  /**
   * The DER OCSPResponse to a DER OCSPRequest: signed by the CA the first CertID names, with the
   * status of each of its certificates (good, revoked, or unknown when it did not issue the serial);
   * `unauthorized` when no CA here matches, `malformedRequest` when it is not a request.
   */
  respond(requestDer: Buffer, now = new Date(), validityMs = DAY): Buffer {
    let ids: ResponseCertId[];
    try {
      ids = decodeOcspRequest(requestDer);
    } catch (error) {
      if (error instanceof OcspCodecError) return statusOnly(OCSPResponseStatus.malformedRequest);
      throw error;
    }
    const signer = ids.length > 0 ? this.cas.find((c) => c.keyHashes.get(ids[0].digest) === ids[0].issuerKeyHash) : undefined;
    if (!signer) return statusOnly(OCSPResponseStatus.unauthorized);
    const thisUpdate = wholeSeconds(now);
    const responses = ids
      .filter((id) => signer.keyHashes.get(id.digest) === id.issuerKeyHash && signer.nameHashes.get(id.digest) === id.issuerNameHash)
      .map((id) => {
        const revokedAt = this.revoked.get(id.serialNumber);
        const status = revokedAt
          ? new CertStatus({ revoked: new RevokedInfo({ revocationTime: wholeSeconds(revokedAt) }) })
          : this.issued.has(id.serialNumber)
            ? new CertStatus({ good: null })
            : new CertStatus({ unknown: null });
        return new SingleResponse({
          certID: new CertID({
            hashAlgorithm: new AlgorithmIdentifier({ algorithm: digestOid(id.digest), parameters: null }),
            issuerNameHash: new OctetString(Buffer.from(id.issuerNameHash, 'hex')),
            issuerKeyHash: new OctetString(Buffer.from(id.issuerKeyHash, 'hex')),
            serialNumber: serialBytes(id.serialNumber),
          }),
          certStatus: status,
          thisUpdate,
          nextUpdate: new Date(thisUpdate.getTime() + validityMs),
        });
      });
    const data = new ResponseData({
      responderID: new ResponderID({ byKey: new KeyHash(digest('sha1', publicKeyBits(signer.certificate))) }),
      producedAt: thisUpdate,
      responses,
    });
    const tbs = Buffer.from(AsnConvert.serialize(data));
    const basic = new BasicOCSPResponse({
      tbsResponseData: data,
      signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ECDSA_SHA256 }),
      signature: bufferOf(sign('sha256', tbs, signer.key)),
      certs: [AsnConvert.parse(signer.certificate.raw, Certificate)],
    });
    return Buffer.from(
      AsnConvert.serialize(
        new OCSPResponse({
          responseStatus: OCSPResponseStatus.successful,
          responseBytes: new ResponseBytes({ responseType: id_pkix_ocsp_basic, response: new OctetString(AsnConvert.serialize(basic)) }),
        }),
      ),
    );
  }
}

function ca(material: KeyedCertificate): Ca {
  const certificate = new X509Certificate(material.certificatePem);
  const keyHashes = new Map<string, string>();
  const nameHashes = new Map<string, string>();
  for (const name of ['sha1', 'sha256', 'sha384', 'sha512']) {
    keyHashes.set(name, digest(name, publicKeyBits(certificate)).toString('hex'));
    nameHashes.set(name, digest(name, subjectDer(certificate)).toString('hex'));
  }
  return { certificate, key: createPrivateKey(material.privateKeyPem), keyHashes, nameHashes };
}

async function createCa(
  subject: string,
  issuer: KeyedCertificate | undefined,
  pathLength: number,
  ocspUrl: string | null,
): Promise<KeyedCertificate> {
  const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const certificate = await createCertificate({
    subject,
    publicKey: keys.publicKey,
    issuer,
    selfKeys: issuer ? undefined : keys,
    notAfter: new Date(Date.now() + 10 * 365 * DAY),
    ca: pathLength,
    ocspUrl: issuer ? ocspUrl : null,
    usages: KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign,
  });
  return {
    certificatePem: certificate.toString('pem'),
    privateKeyPem: toPem(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY'),
  };
}

interface CertificateSpec {
  subject: string;
  publicKey: webcrypto.CryptoKey;
  issuer: KeyedCertificate | undefined;
  selfKeys?: webcrypto.CryptoKeyPair;
  notBefore?: Date;
  notAfter: Date;
  /** Path length of a CA; undefined for an end-entity certificate. */
  ca: number | undefined;
  ocspUrl: string | null;
  usages: KeyUsageFlags;
}

async function createCertificate(spec: CertificateSpec): Promise<PeculiarCertificate> {
  const extensions: Extension[] = [
    new BasicConstraintsExtension(spec.ca !== undefined, spec.ca, true),
    new KeyUsagesExtension(spec.usages, true),
    await SubjectKeyIdentifierExtension.create(spec.publicKey),
  ];
  if (spec.ocspUrl) extensions.push(new AuthorityInfoAccessExtension({ ocsp: spec.ocspUrl }));
  const notBefore = spec.notBefore ?? new Date(Date.now() - 60_000);
  if (!spec.issuer) {
    if (!spec.selfKeys) throw new Error('a root needs its key pair');
    return X509CertificateGenerator.createSelfSigned({
      serialNumber: randomSerialNumber(),
      name: spec.subject,
      notBefore,
      notAfter: spec.notAfter,
      keys: spec.selfKeys,
      signingAlgorithm: EC,
      extensions,
    });
  }
  const issuerCertificate = new PeculiarCertificate(spec.issuer.certificatePem);
  const signingKey = await webcrypto.subtle.importKey(
    'pkcs8',
    createPrivateKey(spec.issuer.privateKeyPem).export({ type: 'pkcs8', format: 'der' }),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  extensions.push(await AuthorityKeyIdentifierExtension.create(issuerCertificate.publicKey));
  return X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject: spec.subject,
    issuer: issuerCertificate.subjectName,
    notBefore,
    notAfter: spec.notAfter,
    publicKey: spec.publicKey,
    signingKey,
    signingAlgorithm: EC,
    extensions,
  });
}

function statusOnly(status: OCSPResponseStatus): Buffer {
  return Buffer.from(AsnConvert.serialize(new OCSPResponse({ responseStatus: status })));
}

function digestOid(name: string): string {
  if (name === 'sha1') return '1.3.14.3.2.26';
  return hashOid(name.toUpperCase() as 'SHA256');
}

function serialOf(certificate: X509Certificate): string {
  return normalizeSerial(certificate.serialNumber);
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function bufferOf(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
}

/** An eMAID derived from request bytes (the test PKI cannot read the EXI request): `ZZVLTC` + 8 hex digits. */
export function testEmaidFor(exiRequest: string): string {
  return `ZZVLTC${createHash('sha256').update(exiRequest).digest('hex').slice(0, 8).toUpperCase()}`;
}
