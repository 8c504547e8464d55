import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse } from '@nestjs/swagger';
import { COMMAND_TYPES, type CommandResponse } from '../domain/command-requests';
import { OCPI_HANDLE, OcpiCaller, OcpiEndpoint, type OcpiCall } from './ocpi/ocpi-endpoint';
import { ApiOcpiError, ApiOcpiRequest, ocpiEnvelopeSchema } from './ocpi/ocpi-openapi';
import type { OcpiServiceHandle } from '../ocpi.service';

const displayText = {
  type: 'object',
  required: ['language', 'text'],
  properties: { language: { type: 'string' }, text: { type: 'string' } },
};
const commandResponseSchema: Record<string, unknown> = {
  type: 'object',
  required: ['result', 'timeout'],
  properties: {
    result: { type: 'string', enum: ['ACCEPTED', 'NOT_SUPPORTED', 'REJECTED', 'UNKNOWN_SESSION'] },
    timeout: { type: 'integer', description: 'Seconds within which the CommandResult is POSTed to response_url' },
    message: { type: 'array', items: displayText },
  },
};
const commandSchema: Record<string, unknown> = {
  type: 'object',
  description:
    'The command’s object (mod_commands): StartSession, StopSession, ReserveNow, CancelReservation or UnlockConnector, each with response_url',
  required: ['response_url'],
  properties: { response_url: { type: 'string', format: 'uri', maxLength: 255 } },
  additionalProperties: true,
};

/**
 * The OCPI commands module, receiver side (this CPO): an eMSP sends a command, gets the
 * CommandResponse at once, and the CommandResult on its response_url once the charge point has
 * answered (or TIMEOUT).
 */
@OcpiEndpoint()
@ApiOcpiRequest({ routed: true })
@Controller('ocpi/cpo/2.2.1/commands')
export class OcpiCommandsController {
  constructor(@Inject(OCPI_HANDLE) private readonly handle: OcpiServiceHandle) {}

  @Post(':command')
  @HttpCode(200)
  @ApiParam({ name: 'command', enum: [...COMMAND_TYPES] })
  @ApiOperation({
    operationId: 'ocpiPostCommand',
    summary: 'Send a command to a charge point (eMSPs)',
    description:
      'START_SESSION (RemoteStartTransaction / RequestStartTransaction with the token), STOP_SESSION (of a session of the caller’s tokens), RESERVE_NOW, CANCEL_RESERVATION (the caller’s reservations) or UNLOCK_CONNECTOR. Answered at once: ACCEPTED (the result follows on response_url), REJECTED (the message says why: the charge point is offline, a token of another party …) or UNKNOWN_SESSION.',
  })
  @ApiBody({ schema: commandSchema })
  @ApiResponse({
    status: 200,
    description: 'The CommandResponse in the OCPI envelope; status_code 2003 (no data) for an unknown location or EVSE',
    schema: ocpiEnvelopeSchema(commandResponseSchema),
  })
  @ApiOcpiError(400, 'An unknown command or an invalid object (status_code 2001, the message says what is wrong)')
  send(@OcpiCaller() call: OcpiCall, @Param('command') command: string, @Body() body: unknown): Promise<CommandResponse> {
    return this.handle.tokens.commands.receive(call, command, body);
  }
}
