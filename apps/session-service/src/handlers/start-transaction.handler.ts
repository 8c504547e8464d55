import type { v16 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { Ocpp16TransactionService } from '../application/ocpp16-transaction.service';

export class StartTransactionHandler implements OcppCallHandler<v16.StartTransactionRequest, v16.StartTransactionResponse> {
  readonly action = 'StartTransaction';
  readonly versions = ['ocpp1.6'] as const;

  constructor(private readonly transactions: Ocpp16TransactionService) {}

  handle(payload: v16.StartTransactionRequest, context: InboundCallContext): Promise<v16.StartTransactionResponse> {
    return this.transactions.start(payload, context);
  }
}
