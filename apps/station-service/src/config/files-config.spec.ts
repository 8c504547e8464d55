import { EnvReader } from '@voltlane/config';
import { loadFilesConfig } from './files-config';

function load(vars: Record<string, string>) {
  const env = new EnvReader(vars);
  const config = loadFilesConfig(env);
  env.done();
  return config;
}

describe('loadFilesConfig', () => {
  it('defaults to local disk under .voltlane/files, URLs from the API address', () => {
    expect(load({})).toEqual({
      publicUrl: undefined,
      maxUploadBytes: 50 * 1024 * 1024,
      maxFirmwareBytes: 512 * 1024 * 1024,
      uploadTtlS: 86_400,
      store: { kind: 'local', directory: '.voltlane/files' },
    });
  });

  it('reads S3 settings', () => {
    expect(
      load({
        FILES_STORE: 's3',
        S3_BUCKET: 'fw',
        S3_ENDPOINT: 'http://minio:9000',
        S3_ACCESS_KEY_ID: 'a',
        S3_SECRET_ACCESS_KEY: 'b',
        FILES_PUBLIC_URL: 'https://files.example/',
      }),
    ).toMatchObject({
      publicUrl: 'https://files.example',
      store: {
        kind: 's3',
        bucket: 'fw',
        endpoint: 'http://minio:9000',
        region: 'us-east-1',
        accessKeyId: 'a',
        secretAccessKey: 'b',
        prefix: '',
        forcePathStyle: true,
      },
    });
  });

  it.each([
    [{ FILES_STORE: 'ftp' }, 'FILES_STORE'],
    [{ FILES_PUBLIC_URL: 'ftp://x' }, 'FILES_PUBLIC_URL'],
    [{ FILES_PUBLIC_URL: 'not a url' }, 'FILES_PUBLIC_URL'],
    [{ FILES_MAX_UPLOAD_BYTES: '0' }, 'FILES_MAX_UPLOAD_BYTES'],
    [{ FILES_MAX_FIRMWARE_BYTES: 'lots' }, 'FILES_MAX_FIRMWARE_BYTES'],
    [{ FILES_STORE: 's3' }, 'S3_BUCKET'],
    [{ FILES_STORE: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'a' }, 'S3_SECRET_ACCESS_KEY'],
    [{ FILES_STORE: 's3', S3_BUCKET: 'b', S3_ENDPOINT: 'minio:9000' }, 'S3_ENDPOINT'],
    [
      { FILES_STORE: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 'b', S3_FORCE_PATH_STYLE: 'maybe' },
      'S3_FORCE_PATH_STYLE',
    ],
    [{ S3_ENDPOINT: 'minio:9000' }, 'S3_ENDPOINT'],
  ])('names the bad variable: %j', (vars, variable) => {
    expect(() => load(vars)).toThrow(new RegExp(`\\b${variable}\\b`));
  });

  it('still reads the deprecated FILE_STORE, naming it when its value is bad', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      expect(load({ FILE_STORE: 's3', S3_BUCKET: 'fw' }).store).toMatchObject({ kind: 's3', bucket: 'fw' });
      expect(load({ FILE_STORE: 's3', FILES_STORE: 'local' }).store.kind).toBe('local');
      expect(() => load({ FILE_STORE: 'ftp' })).toThrow(
        /FILE_STORE must be one of local, s3, got "ftp" \(FILE_STORE is the deprecated name of FILES_STORE\)/,
      );
    } finally {
      warn.mockRestore();
    }
  });
});
