/** Nest tokens of the session API module (values from the running service's handle). */
export const SESSION_QUERIES = Symbol('SESSION_QUERIES');
export const SESSION_COMMANDS = Symbol('SESSION_COMMANDS');
