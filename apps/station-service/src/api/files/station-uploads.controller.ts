import { Controller, HttpCode, Inject, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ProblemError, Public } from '@voltlane/api-kit';
import { FILES_API, type FilesApiDeps } from './files-api.deps';
import { declaredLength, openUploadBody } from './request-body';
import { uploadProblem } from '../../application/files/upload-errors';
import { UploadRefusal } from '../../domain/upload-slot-rules';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROUTES = ['files/uploads/:slotId/:token', 'files/uploads/:slotId/:token/:fileName'];

/** The path parameters of ROUTES (fileName: only on the second). */
interface UploadPath {
  slotId: string;
  token: string;
  fileName?: string;
}

interface UploadAnswer {
  id: string;
  fileName: string | null;
  size: number | null;
  sha256: string | null;
}

/**
 * Where stations upload diagnostics and log files (the URL Voltlane put into GetDiagnostics /
 * GetLog): PUT with the raw body, POST raw or multipart/form-data, with or without a trailing
 * file name. Stations have no API key: the slot's token in the URL is the credential.
 */
@ApiExcludeController()
@Public()
@Controller()
export class StationUploadsController {
  constructor(@Inject(FILES_API) private readonly deps: FilesApiDeps) {}

  @Put(ROUTES)
  @HttpCode(201)
  put(@Param() slot: UploadPath, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<UploadAnswer> {
    return this.receive(slot, request, response);
  }

  @Post(ROUTES)
  @HttpCode(201)
  post(@Param() slot: UploadPath, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<UploadAnswer> {
    return this.receive(slot, request, response);
  }

  private async receive({ slotId, token, fileName }: UploadPath, request: Request, response: Response): Promise<UploadAnswer> {
    const body = openUploadBody(request, fileName);
    try {
      if (!UUID.test(slotId)) throw uploadProblem(UploadRefusal.UnknownSlot);
      const upload = await this.deps.files.uploads.receive(slotId, token, declaredLength(request), () => body.open());
      return { id: upload.id, fileName: upload.file?.name ?? null, size: upload.file?.size ?? null, sha256: upload.file?.sha256 ?? null };
    } catch (error) {
      // The rest of a refused body is not read: the answer goes out now and the connection closes after it.
      if (error instanceof ProblemError && !request.readableEnded) response.setHeader('Connection', 'close');
      body.abandon();
      throw error;
    }
  }
}
