export { FileStoreError, FileStoreErrorCode, checkFileKey, type FileStore, type PutOptions, type StoredFile } from './file-store';
export { LocalDiskFileStore } from './local-disk-file-store';
export { S3FileStore, type S3FileStoreOptions } from './s3-file-store';
/** For integration tests: a real s3rver on 127.0.0.1 (the `s3rver` dev dependency). */
export { startS3rver } from './s3rver-process';
