import { randomUUID } from 'node:crypto';
import { toIdTagInfo, type IdTagInfo } from '@voltlane/authorization';
import { energyRegisterWh, normalizeMeterValues } from '@voltlane/metering-domain';
import type { OcppVersion, v16 } from '@voltlane/ocpp';
import { TransientFailure, type InboundCallContext } from '@voltlane/service-kit';
import { SessionLifecycle } from '../domain/session-lifecycle';
import type { TransactionParts } from './transaction-parts';

/**
 * OCPP 1.6 StartTransaction / StopTransaction. Both are always answered: sanity checks that fail
 * become anomalies on the session, never a CALLERROR. Idempotent on natural keys.
 */
export class Ocpp16TransactionService {
  constructor(private readonly parts: TransactionParts) {}

  async start(request: v16.StartTransactionRequest, context: InboundCallContext): Promise<v16.StartTransactionResponse> {
    this.parts.sessions.assertStorable({
      connectorId: request.connectorId,
      idToken: request.idTag,
      meterStartWh: request.meterStart,
      reservationId: request.reservationId,
      startedAt: request.timestamp,
    });
    const naturalKey = SessionLifecycle.startKey16(context.stationId, request);
    const answer = await this.parts.sessions.transaction(async (m) => {
      const existing = await this.parts.sessions.findByNaturalKey(m, naturalKey);
      if (existing) return retryAnswer(existing);
      const check = await this.parts.authorizer.checkIdTag(m, request.idTag);
      const idTagInfo = toIdTagInfo(check.decision);
      const started = this.parts.lifecycle.start16({
        id: randomUUID(),
        protocol: context.protocol,
        stationId: context.stationId,
        transactionId: await this.parts.sessions.nextTransactionId(m),
        connectorId: request.connectorId,
        idTag: request.idTag,
        idTokenKey: check.key,
        authStatus: idTagInfo.status,
        meterStart: request.meterStart,
        timestamp: request.timestamp,
        reservationId: request.reservationId ?? null,
        receivedAt: context.receivedAt,
      });
      // A StartTransaction carries no remote start id: link the pending RemoteStartTransaction for this token and connector.
      const remoteStartId = await this.parts.remoteStarts.claimFor16(
        m,
        context.stationId,
        request.idTag,
        request.connectorId,
        started.id,
        context.receivedAt,
      );
      const session = remoteStartId === null ? started : { ...started, remoteStartId };
      const response: v16.StartTransactionResponse = { idTagInfo, transactionId: session.transactionId ?? 0 };
      if (!(await this.parts.sessions.insertIfAbsent(m, session, { ...response }))) {
        const raced = await this.parts.sessions.findByNaturalKey(m, naturalKey);
        if (!raced) throw new TransientFailure(`session ${naturalKey} neither inserted nor found`);
        return retryAnswer(raced);
      }
      if (session.reservationId !== null) await this.parts.reservations.markUsed(m, session.stationId, session.reservationId, session.id);
      await this.parts.events.add(m, session, 'Started');
      return response;
    });
    await this.parts.relay.flush();
    return answer;
  }

  async stop(request: v16.StopTransactionRequest, context: InboundCallContext): Promise<v16.StopTransactionResponse> {
    this.parts.sessions.assertStorable({
      transactionId: request.transactionId,
      idToken: request.idTag,
      meterStopWh: request.meterStop,
      stoppedReason: request.reason,
      endedAt: request.timestamp,
    });
    const stop = {
      meterStop: request.meterStop,
      timestamp: request.timestamp,
      reason: request.reason ?? null,
      idTag: request.idTag ?? null,
      receivedAt: context.receivedAt,
    };
    const idTagInfo = await this.parts.sessions.transaction(async (m) => {
      const session =
        request.transactionId > 0 ? await this.parts.sessions.findByTransactionId16(m, context.stationId, request.transactionId) : null;
      const check = request.idTag ? await this.parts.authorizer.checkIdTag(m, request.idTag, session?.id) : null;
      if (!session) {
        const orphan = this.parts.lifecycle.orphanStop16({
          ...stop,
          id: randomUUID(),
          protocol: context.protocol,
          stationId: context.stationId,
          transactionId: request.transactionId,
          idTokenKey: check?.key ?? null,
          begin: transactionBegin(context.protocol, request.transactionData ?? []),
        });
        if (await this.parts.sessions.insertIfAbsent(m, orphan)) {
          await this.parts.events.add(m, orphan, 'Started');
          await this.parts.events.add(m, orphan, 'Ended');
        }
      } else {
        const outcome = this.parts.lifecycle.stop16(session, stop);
        if (outcome.kind !== 'duplicate') await this.parts.sessions.update(m, outcome.session);
        if (outcome.kind === 'ended') await this.parts.events.add(m, outcome.session, 'Ended');
      }
      // ConcurrentTx means nothing for a token that is stopping.
      return check
        ? toIdTagInfo(check.decision.status === 'ConcurrentTx' ? { ...check.decision, status: 'Accepted' } : check.decision)
        : null;
    });
    await this.parts.relay.flush();
    return idTagInfo ? { idTagInfo } : {};
  }
}

function retryAnswer(session: { transactionId: number | null; answer: Record<string, unknown> | null }): v16.StartTransactionResponse {
  const idTagInfo = (session.answer?.idTagInfo as IdTagInfo | undefined) ?? { status: 'Invalid' };
  return { idTagInfo, transactionId: session.transactionId ?? 0 };
}

/** The energy register at Transaction.Begin in a StopTransaction's transactionData, if any. */
function transactionBegin(protocol: OcppVersion, data: v16.MeterValuesRequest['meterValue']): { registerWh: number; at: string } | null {
  if (protocol !== 'ocpp1.6' || data.length === 0) return null;
  const begin = normalizeMeterValues('ocpp1.6', data).filter((s) => s.context === 'Transaction.Begin');
  const register = energyRegisterWh(begin);
  if (register === null) return null;
  const at = begin.find((s) => s.value === register)?.timestamp ?? begin[0].timestamp;
  return { registerWh: Number(register), at };
}
