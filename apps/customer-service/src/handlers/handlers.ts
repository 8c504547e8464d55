import type { OcppCallHandler } from '@voltlane/service-kit';
import type { AuthorizeHandler } from './authorize.handler';

export interface CustomerHandlers {
  authorize: AuthorizeHandler;
}

/** The one table of the station CALLs the customer-service answers. */
export function customerHandlers(handlers: CustomerHandlers): OcppCallHandler[] {
  return [handlers.authorize];
}
