import { SessionSchema1732435200000 } from './1732435200000-session-schema';
import { OperatorApi1764100000000 } from './1764100000000-operator-api';
import { StationCost1765200000001 } from './1765200000001-station-cost';
import { OutboxTraceparent1765300000000 } from './1765300000000-outbox-traceparent';

/** Every migration of the session-service, in order. */
export const sessionMigrations = [
  SessionSchema1732435200000,
  OperatorApi1764100000000,
  StationCost1765200000001,
  OutboxTraceparent1765300000000,
];
