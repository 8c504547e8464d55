import type { DataSource } from 'typeorm';
import type { FileStore } from '@voltlane/file-storage';
import { createFileStore } from '../../persistence/file-store-factory';
import type { FilesConfig } from '../../config/files-config';
import { FirmwareImagesService } from './firmware-images.service';
import { StationUploadsService } from './station-uploads.service';

/** The station-service's files: the store, upload slots and firmware images (part of its handle). */
export interface StationFiles {
  readonly config: FilesConfig;
  readonly store: FileStore;
  readonly uploads: StationUploadsService;
  readonly firmware: FirmwareImagesService;
  close(): void;
}

export function createStationFiles(config: FilesConfig, dataSource: DataSource): StationFiles {
  const store = createFileStore(config.store);
  return {
    config,
    store,
    uploads: new StationUploadsService(dataSource, store, config),
    firmware: new FirmwareImagesService(dataSource, store, config.maxFirmwareBytes),
    close: () => store.close?.(),
  };
}
