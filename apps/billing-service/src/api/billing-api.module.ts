import { Module, type DynamicModule } from '@nestjs/common';
import { BillingQueries } from '../application/billing-queries';
import { TariffService } from '../application/tariff.service';
import type { BillingServiceHandle } from '../start-billing-service';
import { BillingProblemInterceptor } from './billing-problems';
import { CdrsController } from './cdrs.controller';
import { TariffsController } from './tariffs.controller';

@Module({})
class BillingApiModule {}

/**
 * The billing-service's operator API for `startServiceHttpApi` / `startHttpApi`: tariffs and
 * their assignments, CDRs (list, one, CSV) and the running cost of ongoing sessions.
 */
export function billingApiModule(handle: BillingServiceHandle): DynamicModule {
  return {
    module: BillingApiModule,
    controllers: [TariffsController, CdrsController],
    providers: [{ provide: TariffService, useValue: handle.tariffs }, { provide: BillingQueries, useValue: handle.queries }, BillingProblemInterceptor],
  };
}
