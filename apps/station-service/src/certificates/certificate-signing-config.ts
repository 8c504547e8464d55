import { readFileSync } from 'node:fs';
import { ConfigError, type EnvReader } from '@voltlane/config';
import { caMaterialProblem, type CaMaterial } from './certificate-authority';

/** How the station-service signs stations' CSRs (SignCertificate → CertificateSigned). */
export interface CertificateSigningConfig {
  /** The CA that signs station certificates; absent = CSRs are stored (status Received) but not signed. */
  ca: CaMaterial | undefined;
  /** When set, a CSR's subject O must be this (STATION_SERVICE_CSR_ORGANIZATION). */
  organization: string | undefined;
  /** Validity of an issued certificate, in days (capped at the CA's own end). */
  validityDays: number;
  /**
   * The V2G sub-CA that signs SECC certificates (SignCertificate with certificateType V2GCertificate);
   * absent = such CSRs are Rejected (unless the built-in test PKI is the provider: its CPO Sub-CA 2).
   */
  v2gCa: CaMaterial | undefined;
}

/**
 * - `STATION_SERVICE_CA_CERT_FILE` + `STATION_SERVICE_CA_KEY_FILE`: PEM files of the CA certificate and
 *   its private key (EC or RSA), or `STATION_SERVICE_CA_CERT_PEM` + `STATION_SERVICE_CA_KEY_PEM` with the
 *   PEM text itself (a literal `\n` is read as a line break). Both halves or neither.
 * - `STATION_SERVICE_CSR_ORGANIZATION`: required subject O of a CSR (default: not checked).
 * - `STATION_SERVICE_CERT_VALIDITY_DAYS` (1–3650, default 365).
 * The CA is validated here: a CA certificate, valid now, with its own key.
 */
export function loadCertificateSigningConfig(env: EnvReader): CertificateSigningConfig {
  const validityDays = env.int('STATION_SERVICE_CERT_VALIDITY_DAYS', 365, { min: 1, max: 3650 });
  const organization = env.optionalString('STATION_SERVICE_CSR_ORGANIZATION');
  const certificatePem = pem(env, 'STATION_SERVICE_CA_CERT');
  const privateKeyPem = pem(env, 'STATION_SERVICE_CA_KEY');
  if ((certificatePem === undefined) !== (privateKeyPem === undefined)) {
    const missing = certificatePem === undefined ? 'STATION_SERVICE_CA_CERT_FILE (or _PEM)' : 'STATION_SERVICE_CA_KEY_FILE (or _PEM)';
    throw new ConfigError(missing, 'must be set too: the CA needs both its certificate and its private key');
  }
  const ca = certificatePem !== undefined && privateKeyPem !== undefined ? { certificatePem, privateKeyPem } : undefined;
  if (ca) {
    const problem = caMaterialProblem(ca);
    if (problem) throw new ConfigError('STATION_SERVICE_CA_CERT_FILE/STATION_SERVICE_CA_KEY_FILE', `do not hold a usable CA: ${problem}`);
  }
  return { ca, organization, validityDays, v2gCa: loadV2gCa(env) };
}

/**
 * `STATION_SERVICE_V2G_CA_CERT_FILE` (or `_PEM`): the V2G sub-CA certificate, PEM, optionally followed
 * by the sub-CAs above it (sent after it in CertificateSigned; the V2G root excluded);
 * `STATION_SERVICE_V2G_CA_KEY_FILE` (or `_PEM`): its private key. Both or neither.
 */
function loadV2gCa(env: EnvReader): CaMaterial | undefined {
  const chainPem = pem(env, 'STATION_SERVICE_V2G_CA_CERT');
  const privateKeyPem = pem(env, 'STATION_SERVICE_V2G_CA_KEY');
  if ((chainPem === undefined) !== (privateKeyPem === undefined)) {
    const missing = chainPem === undefined ? 'STATION_SERVICE_V2G_CA_CERT_FILE (or _PEM)' : 'STATION_SERVICE_V2G_CA_KEY_FILE (or _PEM)';
    throw new ConfigError(missing, 'must be set too: the V2G sub-CA needs both its certificate and its private key');
  }
  if (chainPem === undefined || privateKeyPem === undefined) return undefined;
  const blocks = chainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const material = { certificatePem: blocks[0] ?? chainPem, privateKeyPem, intermediatesPem: blocks.slice(1).join('\n') };
  const problem = caMaterialProblem(material);
  if (problem) throw new ConfigError('STATION_SERVICE_V2G_CA_CERT_FILE/STATION_SERVICE_V2G_CA_KEY_FILE', `do not hold a usable V2G sub-CA: ${problem}`);
  return material;
}

function pem(env: EnvReader, prefix: string): string | undefined {
  const file = env.optionalString(`${prefix}_FILE`);
  const inline = env.optionalString(`${prefix}_PEM`);
  if (file !== undefined && inline !== undefined) throw new ConfigError(`${prefix}_FILE`, `and ${prefix}_PEM are both set; set one`);
  if (inline !== undefined) return inline.replace(/\\n/g, '\n');
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${prefix}_FILE`, `cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
}
