import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { ProblemError, Public, notFound } from '@voltlane/api-kit';
import { FILES_API, type FilesApiDeps } from './files-api.deps';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where stations download firmware images from (the URL UpdateFirmware points to); the token in the URL is the credential. */
@ApiExcludeController()
@Public()
@Controller()
export class FirmwareDownloadController {
  constructor(@Inject(FILES_API) private readonly deps: FilesApiDeps) {}

  @Get(['files/firmware/:id/:token', 'files/firmware/:id/:token/:fileName'])
  async download(@Param('id') id: string, @Param('token') token: string, @Res() response: Response): Promise<void> {
    if (!UUID.test(id) || !(await this.deps.files.firmware.get(id))) throw notFound(`No firmware image ${id.slice(0, 40)}`);
    const found = await this.deps.files.firmware.download(id, token);
    if (!found) throw new ProblemError(403, 'Forbidden', 'The download token is not valid for this firmware image');
    response.status(200).setHeader('Content-Type', 'application/octet-stream');
    response.setHeader('Content-Length', String(found.image.size));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Disposition', `attachment; filename="${found.image.fileName}"`);
    response.setHeader('ETag', `"${found.image.sha256}"`);
    await pipeline(found.stream, response);
  }
}
