import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiSecurity, ApiTags, ApiBody } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { ProblemError, SchemaPipe, notFound, problemSchema, type Page, type PageQuery } from '@voltlane/api-kit';
import { STATION_ID_PATTERN } from '../station-api.schemas';
import { FILES_API, type FilesApiDeps } from './files-api.deps';
import {
  firmwareImageSchema,
  firmwareListQuerySchema,
  firmwarePageSchema,
  firmwareStatusSchema,
  firmwareUploadQuerySchema,
  uploadsPageSchema,
  uploadsQuerySchema,
} from './files-api.schemas';
import type { FirmwareImageView } from '../../application/files/firmware-images.service';
import { stationFirmwareStatus, type StationFirmwareStatus } from '../../application/files/firmware-status.query';
import type { UploadView } from '../../application/files/station-uploads.service';
import type { UploadKind } from '../../domain/upload-slot-rules';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATION_ID = new RegExp(STATION_ID_PATTERN);
const problem = { 'application/problem+json': { schema: problemSchema } };

/**
 * Operator endpoints for files: the diagnostics/log files stations uploaded, firmware images
 * (upload, list) and each station's firmware status flow.
 */
@ApiTags('files and firmware')
@ApiSecurity('apiKey')
@Controller('api/v1')
export class FilesApiController {
  constructor(@Inject(FILES_API) private readonly deps: FilesApiDeps) {}

  @Get('stations/:id/uploads')
  @ApiOperation({
    operationId: 'listStationUploads',
    summary: 'Diagnostics (GetDiagnostics) and log (GetLog) uploads of a station, newest first, with state, file and status notifications',
    description:
      'Pages through the diagnostics (GetDiagnostics) and log (GetLog) uploads of a station, newest first, with their state, stored file and status notifications.',
  })
  @ApiParam({ name: 'id', description: 'Station identity' })
  @ApiQuery({ name: 'kind', required: false, enum: ['diagnostics', 'log'] })
  @ApiResponse({ status: 200, schema: uploadsPageSchema })
  @ApiResponse({ status: 404, description: 'No such station', content: problem })
  async uploads(
    @Param('id') id: string,
    @Query(new SchemaPipe(uploadsQuerySchema, 'query')) query: PageQuery & { kind?: UploadKind },
  ): Promise<Page<UploadView>> {
    await this.mustExist(id);
    return this.deps.files.uploads.list(id, query);
  }

  @Get('files/:id/content')
  @ApiOperation({
    operationId: 'downloadUploadedFile',
    summary: 'The file a station uploaded (id of the upload)',
    description: 'Downloads the file a station uploaded for a GetDiagnostics or GetLog request, by the id of the upload.',
  })
  @ApiParam({ name: 'id', description: 'Upload id', schema: { type: 'string', format: 'uuid' } })
  @ApiProduces('application/octet-stream')
  @ApiResponse({ status: 200, description: 'The file, byte for byte as uploaded' })
  @ApiResponse({ status: 404, description: 'No such upload, or nothing uploaded yet', content: problem })
  async content(@Param('id') id: string, @Res() response: Response): Promise<void> {
    const found = UUID.test(id) ? await this.deps.files.uploads.content(id) : null;
    if (!found) throw notFound(`No uploaded file ${id.slice(0, 40)}`);
    response
      .status(200)
      .setHeader(
        'Content-Type',
        found.upload.contentType && !found.upload.contentType.startsWith('multipart/')
          ? found.upload.contentType
          : 'application/octet-stream',
      );
    if (found.upload.size !== null) response.setHeader('Content-Length', String(found.upload.size));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Disposition', `attachment; filename="${found.upload.fileName ?? `${found.upload.id}.bin`}"`);
    if (found.upload.sha256) response.setHeader('ETag', `"${found.upload.sha256}"`);
    await pipeline(found.stream, response);
  }

  @Post('firmware')
  @ApiOperation({
    operationId: 'uploadFirmware',
    summary: 'Upload a firmware image (raw application/octet-stream body); UpdateFirmware can then name it by firmwareId',
    description:
      'Stores a firmware image sent as the raw body (application/octet-stream); UpdateFirmware can then name it by firmwareId and the station downloads it from a tokenised URL.',
  })
  @ApiQuery({ name: 'name', required: true })
  @ApiQuery({ name: 'version', required: true })
  @ApiQuery({ name: 'fileName', required: false })
  @ApiBody({ description: 'The image', required: true, schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 201, schema: firmwareImageSchema })
  @ApiResponse({ status: 400, description: 'Empty body or bad query', content: problem })
  @ApiResponse({ status: 413, description: 'Larger than FILES_MAX_FIRMWARE_BYTES', content: problem })
  @ApiResponse({ status: 415, description: 'Not application/octet-stream', content: problem })
  async uploadFirmware(
    @Query(new SchemaPipe(firmwareUploadQuerySchema, 'query')) query: { name: string; version: string; fileName?: string },
    @Req() request: Request & { apiKeyId?: string },
    @Res({ passthrough: true }) response: Response,
  ): Promise<FirmwareImageView> {
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/octet-stream')
      throw new ProblemError(
        415,
        'Unsupported Media Type',
        `Send the firmware image as the raw body with Content-Type application/octet-stream (got ${type || 'none'})`,
      );
    const length = request.headers['content-length'];
    try {
      return await this.deps.files.firmware.upload(request, {
        ...query,
        contentLength: length && /^\d+$/.test(length) ? Number(length) : undefined,
        uploadedBy: request.apiKeyId,
      });
    } catch (error) {
      if (!request.readableEnded) {
        response.setHeader('Connection', 'close');
        request.resume();
      }
      throw error;
    }
  }

  @Get('firmware')
  @ApiOperation({
    operationId: 'listFirmware',
    summary: 'Firmware images, newest first',
    description: 'Pages through the stored firmware images, newest first.',
  })
  @ApiResponse({ status: 200, schema: firmwarePageSchema })
  listFirmware(@Query(new SchemaPipe(firmwareListQuerySchema, 'query')) query: PageQuery): Promise<Page<FirmwareImageView>> {
    return this.deps.files.firmware.list(query);
  }

  @Get('firmware/:id')
  @ApiOperation({
    operationId: 'getFirmware',
    summary: 'One firmware image',
    description: 'One stored firmware image with its size, SHA-256 and download path.',
  })
  @ApiResponse({ status: 200, schema: firmwareImageSchema })
  @ApiResponse({ status: 404, description: 'No such image', content: problem })
  async getFirmware(@Param('id') id: string): Promise<FirmwareImageView> {
    const found = UUID.test(id) ? await this.deps.files.firmware.view(id) : null;
    if (!found) throw notFound(`No firmware image ${id.slice(0, 40)}`);
    return found;
  }

  @Get('stations/:id/firmware/status')
  @ApiOperation({
    operationId: 'getStationFirmwareStatus',
    summary: "A station's current firmware status and the status flow of its latest UpdateFirmware (to Installed, InstallationFailed, …)",
    description:
      'The station’s current firmware status and the status flow of its latest UpdateFirmware (Downloading … Installed, or a failure).',
  })
  @ApiParam({ name: 'id', description: 'Station identity' })
  @ApiResponse({ status: 200, schema: firmwareStatusSchema })
  @ApiResponse({ status: 404, description: 'No such station', content: problem })
  async firmwareStatus(@Param('id') id: string): Promise<StationFirmwareStatus> {
    await this.mustExist(id);
    return stationFirmwareStatus(this.deps.dataSource, id);
  }

  private async mustExist(id: string): Promise<void> {
    if (!STATION_ID.test(id) || !(await this.deps.stationExists(id))) throw notFound(`No station ${id.slice(0, 60)}`);
  }
}
