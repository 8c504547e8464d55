/** Nest injection tokens for the values the service is built from. */
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const LOGGER = Symbol('LOGGER');
export const SESSION_CONFIG = Symbol('SESSION_CONFIG');
export const SERVICE_PORTS = Symbol('SERVICE_PORTS');
export const OCPP_HANDLERS = Symbol('OCPP_HANDLERS');
