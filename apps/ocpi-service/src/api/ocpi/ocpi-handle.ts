/** Provider token of the running ocpi-service handle (controllers inject it). Its own module: the OCPI guard, interceptor and filter inject it too, and ocpi-endpoint imports them. */
export const OCPI_HANDLE = Symbol('OCPI_HANDLE');
