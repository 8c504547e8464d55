import type { CommandResultEnvelope } from '@voltlane/contracts';
import { ProblemError } from '../http/problem';

/**
 * The HTTP answer to an operator command: the station's real answer. 200 with the CALLRESULT
 * payload; 409 offline; 504 no answer in time; 502 the station's CALLERROR or an invalid
 * CALLRESULT; 400 when the payload does not fit the station's protocol version.
 */
export function commandResponse(result: CommandResultEnvelope): { protocol: string | undefined; result: Record<string, unknown> } {
  const context = { stationId: result.stationId, action: result.request.action, protocol: result.protocol };
  switch (result.outcome) {
    case 'result':
      return { protocol: result.protocol, result: result.payload ?? {} };
    case 'offline':
      throw new ProblemError(409, 'Conflict', `Station ${result.stationId} is not connected`, context);
    case 'timeout':
      throw new ProblemError(504, 'Gateway Timeout', `Station ${result.stationId} did not answer ${result.request.action} in time`, context);
    case 'error':
      throw new ProblemError(502, 'Bad Gateway', `Station answered ${result.request.action} with ${result.error?.code ?? 'a CALLERROR'}: ${result.error?.description ?? ''}`.trim(), {
        ...context,
        callError: result.error,
      });
    case 'invalid-response':
      throw new ProblemError(502, 'Bad Gateway', `Station answered ${result.request.action} with an invalid payload: ${result.reason ?? ''}`, { ...context, payload: result.payload });
    case 'rejected':
      throw new ProblemError(400, 'Bad Request', result.reason ?? 'The command does not fit the station', context);
  }
}
