// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata polyfill.
import 'reflect-metadata';
import { Pkcs10CertificateRequest } from '@peculiar/x509';

/** Why a CSR is not signed (stored with the request, and the reason SignCertificate was Rejected). */
export type CsrRejection =
  'MalformedCsr' | 'InvalidSignature' | 'CommonNameMismatch' | 'OrganizationMismatch' | 'UnsupportedCertificateType';

export type CsrCheck = { ok: true; request: Pkcs10CertificateRequest } | { ok: false; reason: CsrRejection; detail: string };

export interface CsrExpectation {
  /** The CN must be the station's identity (OCPP security: "CN = Charge Point / Charging Station identity"). */
  stationId: string;
  /** When configured, the O must be the operator's organisation. */
  organization?: string;
  /** 2.x certificateType: ChargingStationCertificate (or none, as in 1.6), or V2GCertificate when a V2G sub-CA is configured. */
  certificateType?: string | null;
  /** A V2G sub-CA signs V2GCertificate requests. */
  v2gSigning?: boolean;
}

/** Parses a PEM (or bare base64 DER) PKCS#10 request and checks its signature, CN and O. */
export async function checkCsr(csr: string, expected: CsrExpectation): Promise<CsrCheck> {
  const v2g = expected.certificateType === 'V2GCertificate';
  if (v2g && !expected.v2gSigning) {
    return {
      ok: false,
      reason: 'UnsupportedCertificateType',
      detail: 'V2GCertificate requests need a V2G sub-CA (STATION_SERVICE_V2G_CA_CERT_FILE / _KEY_FILE)',
    };
  }
  if (expected.certificateType && !v2g && expected.certificateType !== 'ChargingStationCertificate') {
    return {
      ok: false,
      reason: 'UnsupportedCertificateType',
      detail: `${expected.certificateType} requests are not signed by the CSMS CA (only ChargingStationCertificate and V2GCertificate)`,
    };
  }
  let request: Pkcs10CertificateRequest;
  try {
    request = new Pkcs10CertificateRequest(csr.trim());
  } catch (error) {
    return {
      ok: false,
      reason: 'MalformedCsr',
      detail: `not a PKCS#10 certificate signing request (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  const verified = await request.verify().catch(() => false);
  if (!verified) return { ok: false, reason: 'InvalidSignature', detail: 'the CSR signature does not verify with its public key' };
  const commonNames = request.subjectName.getField('CN');
  // An SECC certificate names the SECC / EVSE (ISO 15118), not the OCPP identity: its CN is not checked.
  if (!v2g && (commonNames.length !== 1 || commonNames[0] !== expected.stationId)) {
    return {
      ok: false,
      reason: 'CommonNameMismatch',
      detail: `subject CN must be the station identity "${expected.stationId}" (got ${commonNames.length === 0 ? 'none' : `"${commonNames.join('", "')}"`})`,
    };
  }
  if (expected.organization !== undefined) {
    const organizations = request.subjectName.getField('O');
    if (organizations.length !== 1 || organizations[0] !== expected.organization) {
      return {
        ok: false,
        reason: 'OrganizationMismatch',
        detail: `subject O must be "${expected.organization}" (got ${organizations.length === 0 ? 'none' : `"${organizations.join('", "')}"`})`,
      };
    }
  }
  return { ok: true, request };
}
