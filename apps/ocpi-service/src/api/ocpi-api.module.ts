import { Module, type DynamicModule } from '@nestjs/common';
import type { OcpiServiceHandle } from '../ocpi.service';
import { OCPI_HANDLE } from './ocpi/ocpi-endpoint';
import { OcpiAuthGuard } from './ocpi/ocpi-auth.guard';
import { OcpiEnvelopeInterceptor } from './ocpi/ocpi-envelope.interceptor';
import { OcpiExceptionFilter } from './ocpi/ocpi-exception.filter';
import { REGISTRATION_CONTROLLERS } from './registration.controllers';
import { PUSH_CONTROLLERS } from './push.controllers';
import { SESSIONS_CONTROLLERS } from './sessions.controllers';
import { TOKENS_CONTROLLERS } from './tokens.controllers';

@Module({})
class OcpiApiModule {}

/**
 * The ocpi-service's HTTP surface for `startServiceHttpApi` / `startHttpApi`: the OCPI 2.2.1
 * endpoints partners call (`/ocpi/...`, their own token, the OCPI envelope) and the operator API
 * that manages partners, locations and pushes (`/api/v1/ocpi/...`, API keys, problem+json).
 */
export function ocpiApiModule(handle: OcpiServiceHandle): DynamicModule {
  return {
    module: OcpiApiModule,
    controllers: [...REGISTRATION_CONTROLLERS, ...PUSH_CONTROLLERS, ...SESSIONS_CONTROLLERS, ...TOKENS_CONTROLLERS],
    providers: [{ provide: OCPI_HANDLE, useValue: handle }, OcpiAuthGuard, OcpiEnvelopeInterceptor, OcpiExceptionFilter],
  };
}
