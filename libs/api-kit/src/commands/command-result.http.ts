import type { CommandRejection, CommandResultEnvelope } from '@voltlane/contracts';
import { ProblemError } from '../http/problem';
import type { PartOutcome, PartedResult } from './splitting/parted-send';
import { partedResponse } from './splitting/parted-response.http';

/**
 * Retry-After (seconds) for a full command queue when the gateway did not say how long the call
 * in flight may still take (an older gateway). A queue slot frees when the station answers the
 * call in flight or that call times out; the default command timeout is 30 s, and most stations
 * answer within a few seconds, so a client retrying after 5 s usually finds a free slot.
 */
export const COMMAND_QUEUE_FULL_RETRY_AFTER_S = 5;

/** OpenAPI description of the 429 a command endpoint answers when the station's queue is full. */
export const COMMAND_QUEUE_FULL_RESPONSE = {
  status: 429,
  description:
    "The station's command queue is full (it has a call in flight and GATEWAY_COMMAND_QUEUE_LIMIT queued): not sent; retry after Retry-After seconds (problem code `command-queue-full`)",
  headers: {
    'Retry-After': {
      description: 'Seconds until a queue slot frees at the latest (the call in flight times out), at least 1',
      schema: { type: 'integer', minimum: 1 },
    },
  },
} as const;

/**
 * The HTTP answer to an operator command: the station's real answer. 200 with the CALLRESULT
 * payload; 409 offline; 504 no answer in time; 502 the station's CALLERROR or an invalid
 * CALLRESULT; 400 when the payload does not fit the station's protocol version; 429 with
 * Retry-After when the station's command queue is full (temporary). A request sent in parts
 * (split by the station's limits) answers the merged result with `parts` (`partedResponse`).
 */
export function commandResponse(result: PartedResult): {
  protocol: string | undefined;
  result: Record<string, unknown>;
  parts?: PartOutcome[];
} {
  return result.parts ? partedResponse(result, result.parts, oneResponse) : oneResponse(result);
}

function oneResponse(result: CommandResultEnvelope): { protocol: string | undefined; result: Record<string, unknown> } {
  const context = { stationId: result.stationId, action: result.request.action, protocol: result.protocol };
  switch (result.outcome) {
    case 'result':
      return { protocol: result.protocol, result: result.payload ?? {} };
    case 'offline':
      throw new ProblemError(409, 'Conflict', `Station ${result.stationId} is not connected`, context);
    case 'timeout':
      throw new ProblemError(
        504,
        'Gateway Timeout',
        `Station ${result.stationId} did not answer ${result.request.action} in time`,
        context,
      );
    case 'error':
      throw new ProblemError(
        502,
        'Bad Gateway',
        `Station answered ${result.request.action} with ${result.error?.code ?? 'a CALLERROR'}: ${result.error?.description ?? ''}`.trim(),
        {
          ...context,
          callError: result.error,
        },
      );
    case 'invalid-response':
      throw new ProblemError(
        502,
        'Bad Gateway',
        `Station answered ${result.request.action} with an invalid payload: ${result.reason ?? ''}`,
        { ...context, payload: result.payload },
      );
    case 'rejected':
      throw rejectedProblem(result, context);
  }
}

function rejectedProblem(result: CommandResultEnvelope, context: Record<string, unknown>): ProblemError {
  const rejection: CommandRejection | undefined = result.rejection;
  switch (rejection) {
    case 'queue-full': {
      const retryAfter = retryAfterSeconds(result.retryAfterMs);
      return new ProblemError(
        429,
        'Too Many Requests',
        `Station ${result.stationId} already has the most commands waiting that the gateway queues; ${result.request.action} was not sent. Retry after ${retryAfter} s.`,
        { ...context, code: 'command-queue-full', retryAfterSeconds: retryAfter },
        { 'Retry-After': String(retryAfter) },
      );
    }
    case 'unsupported-action':
    case 'invalid-payload':
    case undefined:
      return new ProblemError(400, 'Bad Request', result.reason ?? 'The command does not fit the station', {
        ...context,
        ...(rejection ? { code: rejection } : {}),
      });
  }
}

/** Whole seconds, at least 1 (Retry-After 0 invites a hot retry loop). */
export function retryAfterSeconds(retryAfterMs: number | undefined): number {
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs)) return COMMAND_QUEUE_FULL_RETRY_AFTER_S;
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}
