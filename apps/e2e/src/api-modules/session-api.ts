import { sessionApiModule, type SessionServiceHandle } from '@voltlane/session-service';
import type { ApiModuleFactory } from './api-module-factory';

/** The session-service's operator API module for end-to-end suites. */
export const sessionApi: ApiModuleFactory = (running) => sessionApiModule(running as SessionServiceHandle);
