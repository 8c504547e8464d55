export { DEFAULT_SCRYPT_COST, hashSecret, verifySecret, type ScryptCost } from './secret-hash';
export {
  TrustedProxies,
  forwardedForHops,
  invalidProxyEntries,
  normalizeAddress,
  readTrustedProxies,
  resolveClientAddress,
  type ClientAddress,
} from './client-address';
