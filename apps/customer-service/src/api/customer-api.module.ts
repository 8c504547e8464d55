import { Module, type DynamicModule } from '@nestjs/common';
import { LocalListService } from '../application/local-list.service';
import { TokenService } from '../application/token.service';
import type { CustomerServiceHandle } from '../customer.service';
import { CustomerProblemInterceptor } from './customer-problems';
import { CustomersController, IdTokensController } from './customers.controller';
import { TYPED_COMMAND_SENDER, typedCommandControllers } from '@voltlane/api-kit';
import { LocalListsController, localListCommandSender } from './local-lists.controller';
import { TrustStoreService } from '../application/pnc/trust-store.service';
import { PkiRootCertificatesController } from './pki-root-certificates.controller';

@Module({})
class CustomerApiModule {}

/**
 * The customer-service's operator API for `startServiceHttpApi` / `startHttpApi`: customers, id
 * tokens, local authorization lists (+ typed SendLocalList / GetLocalListVersion / ClearCache per
 * OCPP version), served from the running service's handle.
 */
export function customerApiModule(handle: CustomerServiceHandle): DynamicModule {
  return {
    module: CustomerApiModule,
    controllers: [
      CustomersController,
      IdTokensController,
      LocalListsController,
      PkiRootCertificatesController,
      ...typedCommandControllers('customer-service'),
    ],
    providers: [
      { provide: TokenService, useValue: handle.tokens },
      { provide: LocalListService, useValue: handle.localLists },
      { provide: TrustStoreService, useValue: handle.trustStore },
      { provide: TYPED_COMMAND_SENDER, useValue: localListCommandSender(handle.localLists) },
      CustomerProblemInterceptor,
    ],
  };
}
