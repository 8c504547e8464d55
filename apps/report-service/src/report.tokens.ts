/** Nest injection tokens for values that are not classes. */
export const REPORT_CONFIG = Symbol('ReportServiceConfig');
export const REPORT_LOGGER = Symbol('ReportLogger');
export const EVENT_SUBSCRIBER = Symbol('EventSubscriber');
export const CLOCK = Symbol('Clock');

/** The current time; injected so tests and replays can fix it. */
export type Clock = () => Date;
