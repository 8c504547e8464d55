import { randomUUID } from 'node:crypto';
import { toIdTokenInfo201, toIdTokenInfo21 } from '@voltlane/authorization';
import { energyRegisterWh, normalizeMeterValues } from '@voltlane/metering-domain';
import type { v201, v21 } from '@voltlane/ocpp';
import { TransientFailure, type InboundCallContext } from '@voltlane/service-kit';
import { lifecycleEvent } from '../domain/lifecycle-event';
import type { Session, SessionAnomaly } from '../domain/session';
import { SessionLifecycle, newSession, withAnomalies } from '../domain/session-lifecycle';
import type { TransactionEventRepository } from '../persistence/transaction-event.repository';
import type { StationCost } from './station-cost';
import type { TokenCheck } from './token-authorizer';
import type { TransactionParts } from './transaction-parts';

export type TransactionEventRequest = v201.TransactionEventRequest | v21.TransactionEventRequest;
export type TransactionEventResponse = v201.TransactionEventResponse | v21.TransactionEventResponse;

/**
 * OCPP 2.0.1 / 2.1 TransactionEvent. A TransactionEvent cannot be rejected: every event is
 * stored once per (transaction, seqNo) and the session is re-folded from all of them, so
 * re-deliveries, gaps and out-of-order arrival give the same session.
 */
export class TransactionEventService {
  constructor(
    private readonly parts: TransactionParts,
    private readonly transactionEvents: TransactionEventRepository,
    private readonly cost: StationCost,
  ) {}

  async handle(request: TransactionEventRequest, context: InboundCallContext): Promise<TransactionEventResponse> {
    const transactionId = request.transactionInfo.transactionId;
    const naturalKey = SessionLifecycle.transactionKey2x(context.stationId, transactionId);
    const register = energyRegisterWh(normalizeMeterValues(context.protocol, request.meterValue ?? []));
    const registerWh = register === null ? null : Number(register);
    this.parts.sessions.assertStorable({ transactionRef: transactionId });
    this.transactionEvents.assertStorable({
      seqNo: request.seqNo,
      eventType: request.eventType,
      occurredAt: request.timestamp,
      triggerReason: request.triggerReason,
      chargingState: request.transactionInfo.chargingState,
      registerWh,
      idToken: request.idToken?.idToken,
      idTokenType: request.idToken?.type,
      evseId: request.evse?.id,
      connectorId: request.evse?.connectorId,
      stoppedReason: request.transactionInfo.stoppedReason,
      remoteStartId: request.transactionInfo.remoteStartId,
      reservationId: request.reservationId,
    });
    const answer = await this.parts.sessions.transaction(async (m) => {
      let created = false;
      let session: Session | null = await this.parts.sessions.findByNaturalKey(m, naturalKey);
      if (!session) {
        const fresh = newSession({
          id: randomUUID(),
          protocol: context.protocol,
          stationId: context.stationId,
          transactionRef: transactionId,
          naturalKey,
          startedAt: new Date(request.timestamp),
        });
        created = await this.parts.sessions.insertIfAbsent(m, fresh);
        session = await this.parts.sessions.findByNaturalKey(m, naturalKey);
        if (!session) throw new TransientFailure(`session ${naturalKey} neither inserted nor found`);
      }
      const stored = await this.transactionEvents.find(m, session.id, request.seqNo);
      if (stored) return stored.answer ?? {};

      const check = request.idToken
        ? masterPassRule(request, await this.parts.authorizer.checkIdToken(m, request.idToken, session.id))
        : null;
      const response: TransactionEventResponse = check
        ? { idTokenInfo: context.protocol === 'ocpp2.1' ? toIdTokenInfo21(check.decision) : toIdTokenInfo201(check.decision) }
        : {};
      const anomalies: SessionAnomaly[] = withAnomalies(
        this.parts.lifecycle.timestampAnomalies(`${request.eventType} seqNo ${request.seqNo}`, request.timestamp, context.receivedAt),
        check && check.decision.status !== 'Accepted' ? [{ code: 'IdTokenNotAccepted', detail: check.decision.status }] : [],
      );
      await this.transactionEvents.insertIfAbsent(m, {
        sessionId: session.id,
        seqNo: request.seqNo,
        eventType: request.eventType,
        occurredAt: new Date(request.timestamp),
        triggerReason: request.triggerReason,
        chargingState: request.transactionInfo.chargingState ?? null,
        offline: request.offline ?? false,
        registerWh,
        idToken: request.idToken?.idToken ?? null,
        idTokenType: request.idToken?.type ?? null,
        idTokenKey: check?.key ?? null,
        authStatus: check?.decision.status ?? null,
        evseId: request.evse?.id ?? null,
        connectorId: request.evse?.connectorId ?? null,
        stoppedReason: request.transactionInfo.stoppedReason ?? null,
        remoteStartId: request.transactionInfo.remoteStartId ?? null,
        reservationId: request.reservationId ?? null,
        anomalies,
        answer: { ...response },
        costDetails: 'costDetails' in request && request.costDetails ? request.costDetails : null,
        messageId: context.messageId,
        receivedAt: context.receivedAt,
      });

      const before = session;
      const after = this.parts.lifecycle.foldTransaction(before, await this.transactionEvents.listForSession(m, session.id));
      await this.parts.sessions.update(m, after);
      if (request.reservationId !== undefined)
        await this.parts.reservations.markUsed(m, context.stationId, request.reservationId, session.id);
      if (after.remoteStartId !== null)
        await this.parts.remoteStarts.link(m, context.stationId, after.remoteStartId, after.id, after.transactionRef);
      if (created) await this.parts.events.add(m, after, 'Started');
      if (request.eventType === 'Ended' && after.status === 'Ended') {
        // I03: the final total cost, priced like the CDR; stored with the answer so a re-delivery gets the same.
        const totalCost = await this.cost.finalTotalCost(m, lifecycleEvent(after, 'Ended'));
        if (totalCost !== undefined) {
          response.totalCost = totalCost;
          await this.transactionEvents.setAnswer(m, session.id, request.seqNo, { ...response });
        }
      }
      if (before.status !== 'Ended' && after.status === 'Ended') await this.parts.events.add(m, after, 'Ended');
      else if (!created && after.status === 'Active' && request.eventType === 'Updated') {
        await this.parts.events.add(m, after, 'Updated', { ref: request.seqNo, at: new Date(request.timestamp) });
      }
      return response;
    });
    await this.parts.relay.flush();
    return answer;
  }
}

/**
 * C16 Master Pass: a master pass token may stop any transaction (StopAuthorized, Ended, stoppedReason
 * MasterPass) but shall not start or authorize one; on any other event the CSMS answers Invalid,
 * which makes the station deauthorize the transaction.
 */
function masterPassRule(request: TransactionEventRequest, check: TokenCheck): TokenCheck {
  if (!check.masterPass || check.decision.status !== 'Accepted') return check;
  const stopping =
    request.eventType === 'Ended' || request.triggerReason === 'StopAuthorized' || request.transactionInfo.stoppedReason === 'MasterPass';
  return stopping ? check : { ...check, decision: { ...check.decision, status: 'Invalid' } };
}
