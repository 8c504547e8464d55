import type { DataSource } from 'typeorm';
import type { StationFiles } from '../../application/files/station-files';

/** What the file controllers use. */
export interface FilesApiDeps {
  files: StationFiles;
  dataSource: DataSource;
  stationExists(id: string): Promise<boolean>;
}

export const FILES_API = Symbol('FilesApiDeps');
