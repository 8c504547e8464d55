import type { Type } from '@nestjs/common';
import { FilesApiController } from './files-api.controller';
import { FirmwareDownloadController } from './firmware-download.controller';
import { StationUploadsController } from './station-uploads.controller';

/** The file endpoints: operator API (API key) and the station-facing upload/download URLs (token in the URL). */
export const FILES_CONTROLLERS: Type[] = [FilesApiController, StationUploadsController, FirmwareDownloadController];
