import type { StationLimitStore } from '@voltlane/messaging';
import type { OcppVersion } from '@voltlane/ocpp';
import { ProblemError } from '../../http/problem';
import { listRequestOf, type ListRequest } from './list-requests';
import { planParts, type RequestPart } from './request-parts';

/**
 * How `action` with `payload` goes to the station: undefined when as given (not a list request,
 * the station's limit for it unknown, or it fits); otherwise its parts. A list entry that alone
 * exceeds the station's byte limit cannot be sent: 400 `exceeds-station-limit`.
 */
export async function splitPlan(
  store: StationLimitStore | undefined,
  stationId: string,
  protocol: OcppVersion,
  action: string,
  payload: Record<string, unknown>,
): Promise<{ request: ListRequest; parts: RequestPart[] } | undefined> {
  const request = listRequestOf(protocol, action);
  if (!store || !request) return undefined;
  const limits = await store.get(stationId);
  const plan = planParts(protocol, request, payload, limits?.[request.limit]);
  switch (plan.kind) {
    case 'whole':
      return undefined;
    case 'parts':
      return { request, parts: plan.parts };
    case 'too-large':
      throw new ProblemError(
        400,
        'Bad Request',
        `${action} cannot be sent to station ${stationId}: ${request.field}[${plan.entry}] alone makes a ${plan.bytes}-byte message and the station accepts at most ${plan.limit} bytes (${plan.limitName})`,
        {
          code: 'exceeds-station-limit',
          stationId,
          protocol,
          action,
          limit: plan.limitName,
          limitBytes: plan.limit,
          entry: plan.entry,
          bytes: plan.bytes,
        },
      );
  }
}
