import { readFileSync } from 'node:fs';
import { ConfigError, type EnvReader } from '@voltlane/config';
import { caMaterialProblem, type CaMaterial } from '../application/certificates/certificate-authority';

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
 * STATION_SERVICE_CA_CERT_* + STATION_SERVICE_CA_KEY_* (both halves or neither),
 * STATION_SERVICE_CSR_ORGANIZATION, STATION_SERVICE_CERT_VALIDITY_DAYS and the V2G sub-CA.
 * The CA is validated here: a CA certificate, valid now, with its own key.
 */
export function loadCertificateSigningConfig(env: EnvReader): CertificateSigningConfig {
  const validityDays = env.int(
    'STATION_SERVICE_CERT_VALIDITY_DAYS',
    365,
    { min: 1, max: 3650 },
    "Validity of a certificate signed for a station's CSR (at most the CA's own).",
  );
  const organization = env.optionalString('STATION_SERVICE_CSR_ORGANIZATION', {
    doc: "Required subject O of a station's CSR.",
    defaultText: 'unset (not checked)',
  });
  const certificatePem = pem(env, 'STATION_SERVICE_CA_CERT', {
    what: "the CA certificate that signs stations' CSRs (with its key; unset: CSRs are stored, not signed)",
    defaultText: 'unset (all-in-one: generated on the first start into `<VOLTLANE_DATA_DIR>/ca/`)',
  });
  const privateKeyPem = pem(env, 'STATION_SERVICE_CA_KEY', { what: "the private key (EC or RSA) of the CA that signs stations' CSRs" });
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
  const chainPem = pem(env, 'STATION_SERVICE_V2G_CA_CERT', {
    what: 'the V2G sub-CA certificate that signs SECC (V2GCertificate) CSRs, optionally followed by the sub-CAs above it (unset: such CSRs are Rejected)',
    defaultText: "unset (with `STATION_SERVICE_PNC_PROVIDER=test-pki`: the test PKI's CPO Sub-CA 2)",
  });
  const privateKeyPem = pem(env, 'STATION_SERVICE_V2G_CA_KEY', { what: 'the private key of the V2G sub-CA' });
  if ((chainPem === undefined) !== (privateKeyPem === undefined)) {
    const missing = chainPem === undefined ? 'STATION_SERVICE_V2G_CA_CERT_FILE (or _PEM)' : 'STATION_SERVICE_V2G_CA_KEY_FILE (or _PEM)';
    throw new ConfigError(missing, 'must be set too: the V2G sub-CA needs both its certificate and its private key');
  }
  if (chainPem === undefined || privateKeyPem === undefined) return undefined;
  const blocks = chainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const material = { certificatePem: blocks[0] ?? chainPem, privateKeyPem, intermediatesPem: blocks.slice(1).join('\n') };
  const problem = caMaterialProblem(material);
  if (problem)
    throw new ConfigError(
      'STATION_SERVICE_V2G_CA_CERT_FILE/STATION_SERVICE_V2G_CA_KEY_FILE',
      `do not hold a usable V2G sub-CA: ${problem}`,
    );
  return material;
}

/** `<prefix>_FILE` (a PEM file) or `<prefix>_PEM` (the PEM text, a literal `\n` read as a line break): one of them. */
function pem(env: EnvReader, prefix: string, about: { what: string; defaultText?: string }): string | undefined {
  const shown = about.defaultText !== undefined ? { defaultText: about.defaultText } : {};
  const file = env.optionalString(`${prefix}_FILE`, { doc: `PEM file of ${about.what}; or \`${prefix}_PEM\`.`, ...shown });
  const inline = env.optionalString(`${prefix}_PEM`, {
    doc: `PEM text of ${about.what} (a literal \`\\n\` is a line break); or \`${prefix}_FILE\`. Keep a key in a secret.`,
    ...shown,
  });
  if (file !== undefined && inline !== undefined) throw new ConfigError(`${prefix}_FILE`, `and ${prefix}_PEM are both set; set one`);
  if (inline !== undefined) return inline.replace(/\\n/g, '\n');
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${prefix}_FILE`, `cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
}
