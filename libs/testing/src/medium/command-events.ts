import { randomUUID } from 'node:crypto';
import { parseOcppCommandEvent, type OcppCommandEvent } from '@voltlane/contracts';
import type { OcppVersion } from '@voltlane/ocpp';

export interface AnsweredCommand {
  stationId: string;
  protocol: OcppVersion;
  /** The service that sent it (`sentBy`). */
  sentBy: string;
  action: string;
  request: Record<string, unknown>;
  /** The station's CALLRESULT payload. */
  answer: Record<string, unknown>;
  /** Default: a new one. The same id again is the same result delivered again. */
  correlationId?: string;
}

/**
 * The `ocpp.commands.v1` record of a command its station answered with a CALLRESULT, as the
 * sending service publishes it (checked against the contract): what another service's command
 * result looks like to a consumer of the topic.
 */
export function answeredCommandEvent(command: AnsweredCommand): OcppCommandEvent {
  const { stationId, protocol, sentBy, action, request, answer } = command;
  const now = new Date().toISOString();
  return parseOcppCommandEvent({
    stationId,
    protocol,
    sentBy,
    sentAt: now,
    answeredAt: now,
    result: {
      kind: 'command-result',
      correlationId: command.correlationId ?? randomUUID(),
      stationId,
      outcome: 'result',
      protocol,
      payload: answer,
      request: { action, payload: request },
    },
  });
}
