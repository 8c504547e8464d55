import type { EnvReader } from '@voltlane/config';

export type FileStoreKind = 'local' | 's3';

/** Station uploads (diagnostics, logs) and firmware images: where they are kept and how they are reached. */
export interface FilesConfig {
  /**
   * Base URL stations reach Voltlane's file endpoints at (`${publicUrl}/files/...`). Unset: the
   * origin of the operator request that sends the command (its Host header).
   */
  publicUrl: string | undefined;
  maxUploadBytes: number;
  maxFirmwareBytes: number;
  uploadTtlS: number;
  store:
    | { kind: 'local'; directory: string }
    | {
        kind: 's3';
        endpoint: string | undefined;
        region: string;
        bucket: string;
        accessKeyId: string | undefined;
        secretAccessKey: string | undefined;
        prefix: string;
        forcePathStyle: boolean;
      };
}

const MIB = 1024 * 1024;

/**
 * Where station uploads and firmware images are kept (FILES_*, S3_*); every variable is read
 * whatever the store, so a mistyped one fails the start. Problems are reported by `env.done()`.
 */
export function loadFilesConfig(env: EnvReader): FilesConfig {
  const publicUrl = env.url('FILES_PUBLIC_URL', '', ['http', 'https'], {
    doc: 'Base URL stations reach the file endpoints at (`<url>/files/...`: upload URLs in GetDiagnostics/GetLog, firmware in UpdateFirmware).',
    defaultText: "the origin of the operator's request that sends the command (all-in-one: `http://127.0.0.1:<API_PORT>`)",
  });
  const kind = env.oneOf<FileStoreKind>('FILES_STORE', ['local', 's3'], 'local', {
    doc: 'Where files are kept: `local` (a directory) or `s3` (S3-compatible object storage: AWS, MinIO, Ceph, …).',
    deprecated: ['FILE_STORE'],
  });
  const base = {
    publicUrl: publicUrl === '' ? undefined : publicUrl.replace(/\/+$/, ''),
    maxUploadBytes: env.int(
      'FILES_MAX_UPLOAD_BYTES',
      50 * MIB,
      { min: 1, max: 10 * 1024 * MIB },
      'Largest diagnostics/log upload; a larger one is refused with 413 (also while streaming).',
    ),
    maxFirmwareBytes: env.int(
      'FILES_MAX_FIRMWARE_BYTES',
      512 * MIB,
      { min: 1, max: 10 * 1024 * MIB },
      'Largest firmware image accepted by `POST /api/v1/firmware`.',
    ),
    uploadTtlS: env.int(
      'FILES_UPLOAD_TTL_S',
      86_400,
      { min: 10, max: 30 * 86_400 },
      'How long an upload URL handed to a station stays valid.',
    ),
  };
  const directory = env.string('FILES_LOCAL_DIR', '.voltlane/files', {
    doc: 'Directory of the `local` store.',
    defaultText: '`.voltlane/files` (all-in-one: `<VOLTLANE_DATA_DIR>/files`)',
  });
  const bucket = env.optionalString('S3_BUCKET', 'Bucket of the `s3` store (required with `FILES_STORE=s3`).');
  const endpoint = env.url('S3_ENDPOINT', '', ['http', 'https'], {
    doc: 'Endpoint of an S3-compatible store (MinIO, Ceph, …).',
    defaultText: 'AWS S3',
  });
  const region = env.string('S3_REGION', 'us-east-1', 'Region of the `s3` store.');
  const accessKeyId = env.optionalString('S3_ACCESS_KEY_ID', {
    doc: 'Access key of the `s3` store; with `S3_SECRET_ACCESS_KEY`, or neither.',
    defaultText: "the AWS SDK's default credential chain",
  });
  const secretAccessKey = env.optionalString('S3_SECRET_ACCESS_KEY', {
    doc: 'Secret key of the `s3` store; with `S3_ACCESS_KEY_ID`, or neither. Keep it in a secret.',
    defaultText: "the AWS SDK's default credential chain",
  });
  const prefix = env.string('S3_PREFIX', '', 'Prefix of every object key in the `s3` store.');
  const forcePathStyle = env.bool(
    'S3_FORCE_PATH_STYLE',
    true,
    'Path-style bucket addressing (`<endpoint>/<bucket>/<key>`), as MinIO needs.',
  );
  if (kind === 'local') return { ...base, store: { kind, directory } };
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined))
    env.invalid(
      accessKeyId === undefined ? 'S3_ACCESS_KEY_ID' : 'S3_SECRET_ACCESS_KEY',
      'is required but not set (set both S3 keys, or neither)',
    );
  if (bucket === undefined) env.invalid('S3_BUCKET', 'is required but not set (FILES_STORE=s3)');
  return {
    ...base,
    store: {
      kind,
      bucket: bucket ?? '',
      endpoint: endpoint === '' ? undefined : endpoint,
      region,
      accessKeyId,
      secretAccessKey,
      prefix,
      forcePathStyle,
    },
  };
}
