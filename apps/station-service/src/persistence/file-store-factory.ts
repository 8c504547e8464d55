import { LocalDiskFileStore, S3FileStore, type FileStore } from '@voltlane/file-storage';
import type { FilesConfig } from '../config/files-config';

/** The FileStore the configuration names (FILES_STORE). */
export function createFileStore(config: FilesConfig['store']): FileStore & { close?(): void } {
  if (config.kind === 'local') return new LocalDiskFileStore(config.directory);
  return new S3FileStore({
    bucket: config.bucket,
    region: config.region,
    prefix: config.prefix,
    forcePathStyle: config.forcePathStyle,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.accessKeyId && config.secretAccessKey ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } : {}),
  });
}
