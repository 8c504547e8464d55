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
  store: { kind: 'local'; directory: string } | { kind: 's3'; endpoint: string | undefined; region: string; bucket: string; accessKeyId: string | undefined; secretAccessKey: string | undefined; prefix: string; forcePathStyle: boolean };
}

const MIB = 1024 * 1024;

/**
 * - `FILES_PUBLIC_URL` (http/https URL; default: the origin of the operator's request)
 * - `FILES_MAX_UPLOAD_BYTES` (default 50 MiB): a diagnostics/log upload larger than this is refused (413).
 * - `FILES_MAX_FIRMWARE_BYTES` (default 512 MiB): the same for firmware images.
 * - `FILES_UPLOAD_TTL_S` (default 86400): how long an upload URL stays valid.
 * - `FILE_STORE` (local|s3, default local); `FILES_LOCAL_DIR` (default `.voltlane/files`).
 * - `S3_BUCKET` (required with s3), `S3_ENDPOINT` (URL; unset for AWS), `S3_REGION` (default
 *   us-east-1), `S3_ACCESS_KEY_ID` + `S3_SECRET_ACCESS_KEY` (both or neither; neither: the SDK's
 *   default credential chain), `S3_PREFIX`, `S3_FORCE_PATH_STYLE` (default true).
 */
export function loadFilesConfig(env: EnvReader): FilesConfig {
  const publicUrl = env.optionalString('FILES_PUBLIC_URL') === undefined ? undefined : env.url('FILES_PUBLIC_URL', undefined, ['http', 'https']).replace(/\/+$/, '');
  const kind = env.oneOf<FileStoreKind>('FILE_STORE', ['local', 's3'], 'local');
  const base = {
    publicUrl,
    maxUploadBytes: env.int('FILES_MAX_UPLOAD_BYTES', 50 * MIB, { min: 1, max: 10 * 1024 * MIB }),
    maxFirmwareBytes: env.int('FILES_MAX_FIRMWARE_BYTES', 512 * MIB, { min: 1, max: 10 * 1024 * MIB }),
    uploadTtlS: env.int('FILES_UPLOAD_TTL_S', 86_400, { min: 10, max: 30 * 86_400 }),
  };
  if (kind === 'local') return { ...base, store: { kind, directory: env.string('FILES_LOCAL_DIR', '.voltlane/files') } };
  const accessKeyId = env.optionalString('S3_ACCESS_KEY_ID');
  const secretAccessKey = env.optionalString('S3_SECRET_ACCESS_KEY');
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) env.string(accessKeyId === undefined ? 'S3_ACCESS_KEY_ID' : 'S3_SECRET_ACCESS_KEY');
  return {
    ...base,
    store: {
      kind,
      bucket: env.string('S3_BUCKET'),
      endpoint: env.optionalString('S3_ENDPOINT') === undefined ? undefined : env.url('S3_ENDPOINT', undefined, ['http', 'https']),
      region: env.string('S3_REGION', 'us-east-1'),
      accessKeyId,
      secretAccessKey,
      prefix: env.string('S3_PREFIX', ''),
      forcePathStyle: env.bool('S3_FORCE_PATH_STYLE', true),
    },
  };
}
