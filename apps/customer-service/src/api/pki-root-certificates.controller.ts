import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ProblemError, SchemaPipe } from '@voltlane/api-kit';
import { ROOT_CERTIFICATE_TYPES, type RootCertificateRow, type RootCertificateType } from '../persistence/root-certificate.store';
import { TrustStoreError, TrustStoreService } from '../application/pnc/trust-store.service';
import { problemSchema } from './customer-api.schemas';

const problem = { 'application/problem+json': { schema: problemSchema } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const installSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['certificateType', 'certificate'],
  properties: {
    certificateType: {
      type: 'string',
      enum: [...ROOT_CERTIFICATE_TYPES],
      description: 'V2GRootCertificate or MORootCertificate (OCPP InstallCertificateUseEnumType)',
    },
    certificate: {
      type: 'string',
      minLength: 1,
      maxLength: 10000,
      description: 'The root certificate, PEM (one self-signed CA certificate valid now)',
    },
  },
  example: { certificateType: 'MORootCertificate', certificate: '-----BEGIN CERTIFICATE-----\nMIIB…\n-----END CERTIFICATE-----\n' },
};

const listQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { certificateType: { type: 'string', enum: [...ROOT_CERTIFICATE_TYPES] } },
};

const rootSchema = {
  type: 'object',
  required: [
    'id',
    'certificateType',
    'certificate',
    'subject',
    'serialNumber',
    'fingerprintSha256',
    'certificateHashData',
    'notBefore',
    'notAfter',
    'createdAt',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    certificateType: { type: 'string', enum: [...ROOT_CERTIFICATE_TYPES] },
    certificate: { type: 'string', description: 'PEM' },
    subject: { type: 'string' },
    serialNumber: { type: 'string', description: 'hex, no leading zeroes' },
    fingerprintSha256: { type: 'string' },
    certificateHashData: {
      type: 'object',
      description: 'OCPP CertificateHashDataType of the root (SHA256), as a station reports it in GetInstalledCertificateIds',
      properties: {
        hashAlgorithm: { type: 'string', enum: ['SHA256'] },
        issuerNameHash: { type: 'string' },
        issuerKeyHash: { type: 'string' },
        serialNumber: { type: 'string' },
      },
    },
    notBefore: { type: 'string', format: 'date-time' },
    notAfter: { type: 'string', format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
  },
};

interface RootCertificateView {
  id: string;
  certificateType: RootCertificateType;
  certificate: string;
  subject: string;
  serialNumber: string;
  fingerprintSha256: string;
  certificateHashData: { hashAlgorithm: 'SHA256'; issuerNameHash: string; issuerKeyHash: string; serialNumber: string };
  notBefore: string;
  notAfter: string;
  createdAt: string;
}

function view(row: RootCertificateRow): RootCertificateView {
  return {
    id: row.id,
    certificateType: row.certificateType,
    certificate: row.certificatePem,
    subject: row.subject,
    serialNumber: row.serialNumber,
    fingerprintSha256: row.fingerprintSha256,
    certificateHashData: {
      hashAlgorithm: 'SHA256',
      issuerNameHash: row.issuerNameHash,
      issuerKeyHash: row.issuerKeyHash,
      serialNumber: row.serialNumber,
    },
    notBefore: new Date(row.notBefore).toISOString(),
    notAfter: new Date(row.notAfter).toISOString(),
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

function problemOf(error: unknown): unknown {
  if (!(error instanceof TrustStoreError)) return error;
  switch (error.code) {
    case 'invalid-certificate':
      return new ProblemError(400, 'Bad Request', error.message, { code: error.code });
    case 'already-installed':
      return new ProblemError(409, 'Conflict', error.message, { code: error.code, ...(error.existingId ? { id: error.existingId } : {}) });
    case 'not-found':
      return new ProblemError(404, 'Not Found', error.message, { code: error.code });
  }
}

/**
 * The CSMS's own ISO 15118 trust store (Plug & Charge): the V2G and MO root certificates that
 * contract certificate chains and OCSP responders are validated against when a station sends
 * Authorize with a contract. Installing a root on a station is InstallCertificate (station commands).
 */
@ApiTags('plug and charge')
@ApiSecurity('apiKey')
@Controller('api/v1/pki/root-certificates')
export class PkiRootCertificatesController {
  constructor(@Inject(TrustStoreService) private readonly trustStore: TrustStoreService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    operationId: 'installPkiRootCertificate',
    summary: 'Install a V2G or MO root in the CSMS trust store',
    description:
      'Adds a self-signed CA certificate, valid now, to the roots that contract certificate chains (AuthorizeRequest.certificate) and OCSP responders are validated against. Nothing is sent to stations.',
  })
  @ApiBody({ schema: installSchema })
  @ApiResponse({ status: 201, description: 'Installed', schema: rootSchema })
  @ApiResponse({ status: 400, description: 'Not a single self-signed CA certificate valid now, or a bad body', content: problem })
  @ApiResponse({ status: 401, description: 'No or invalid API key', content: problem })
  @ApiResponse({ status: 403, description: 'The key lacks the write scope', content: problem })
  @ApiResponse({ status: 409, description: 'This root is already installed for that type (the problem names its id)', content: problem })
  async install(
    @Body(new SchemaPipe(installSchema)) body: { certificateType: RootCertificateType; certificate: string },
  ): Promise<RootCertificateView> {
    try {
      return view(await this.trustStore.install(body.certificateType, body.certificate));
    } catch (error) {
      throw problemOf(error);
    }
  }

  @Get()
  @ApiOperation({
    operationId: 'listPkiRootCertificates',
    summary: 'The installed V2G and MO roots',
    description: 'Every root in the CSMS trust store, oldest first, optionally of one type.',
  })
  @ApiQuery({
    name: 'certificateType',
    required: false,
    schema: listQuerySchema.properties.certificateType,
    description: 'Only roots of this type',
  })
  @ApiResponse({ status: 200, description: 'The installed roots', schema: { type: 'array', items: rootSchema } })
  @ApiResponse({ status: 400, description: 'Unknown certificateType', content: problem })
  @ApiResponse({ status: 401, description: 'No or invalid API key', content: problem })
  @ApiResponse({ status: 403, description: 'The key lacks the read scope', content: problem })
  async list(
    @Query(new SchemaPipe(listQuerySchema, 'query')) query: { certificateType?: RootCertificateType },
  ): Promise<RootCertificateView[]> {
    return (await this.trustStore.list(query.certificateType)).map(view);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deletePkiRootCertificate',
    summary: 'Remove a root from the CSMS trust store',
    description: 'Contracts that chain only to this root are no longer accepted.',
  })
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' }, description: 'Id of the installed root' })
  @ApiResponse({ status: 204, description: 'Removed' })
  @ApiResponse({ status: 401, description: 'No or invalid API key', content: problem })
  @ApiResponse({ status: 403, description: 'The key lacks the write scope', content: problem })
  @ApiResponse({ status: 404, description: 'No such root', content: problem })
  async remove(@Param('id') id: string): Promise<void> {
    if (!UUID.test(id)) throw new ProblemError(404, 'Not Found', `no installed root certificate ${id}`, { code: 'not-found' });
    try {
      await this.trustStore.remove(id);
    } catch (error) {
      throw problemOf(error);
    }
  }
}
