import { SessionSchema1732435200000 } from './1732435200000-session-schema';

/** Every migration of the session-service, in order. */
export const sessionMigrations = [SessionSchema1732435200000];
