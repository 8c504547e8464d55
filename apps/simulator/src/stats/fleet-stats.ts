import { LatencyHistogram } from './latency-histogram';

/** Counters shared by every station of a process; read by the progress reporter and the summary. */
export class FleetStats {
  stations = 0;
  connected = 0;
  booted = 0;
  bootPending = 0;
  bootRejected = 0;
  sessionsActive = 0;
  sessionsStarted = 0;
  sessionsFinished = 0;
  sessionsRefused = 0;
  framesSent = 0;
  framesReceived = 0;
  callsSent = 0;
  callsReceived = 0;
  callErrorsReceived = 0;
  callErrorsSent = 0;
  timeouts = 0;
  /** Transaction messages sent again after a CALLERROR or a time-out. */
  transactionRetries = 0;
  reconnects = 0;
  connectFailures = 0;
  validationErrors = 0;
  readonly latency = new LatencyHistogram();
}
