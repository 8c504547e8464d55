import type { v16 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { Ocpp16TransactionService } from '../application/ocpp16-transaction.service';

export class StopTransactionHandler implements OcppCallHandler<v16.StopTransactionRequest, v16.StopTransactionResponse> {
  readonly action = 'StopTransaction';
  readonly versions = ['ocpp1.6'] as const;

  constructor(private readonly transactions: Ocpp16TransactionService) {}

  handle(payload: v16.StopTransactionRequest, context: InboundCallContext): Promise<v16.StopTransactionResponse> {
    return this.transactions.stop(payload, context);
  }
}
