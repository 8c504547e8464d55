export { DEFAULT_SCRYPT_COST, hashSecret, verifySecret, type ScryptCost } from './secret-hash';
