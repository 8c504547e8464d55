import { hashSecret } from '@voltlane/security';
import { PasswordChecker } from './password-checker';

const cheap = { N: 1024, r: 8, p: 1 };

describe('PasswordChecker', () => {
  it('accepts the stored password and refuses others', async () => {
    const hash = await hashSecret('station-password-01', cheap);
    const checker = new PasswordChecker();
    await expect(checker.check('CP1', Buffer.from('station-password-01'), hash)).resolves.toBe(true);
    await expect(checker.check('CP1', Buffer.from('station-password-02'), hash)).resolves.toBe(false);
  });

  it.each(['lower', 'upper'])('accepts raw key bytes against a %s-case hex key', async (kind) => {
    const hex = 'a1b2c3d4e5f60718293a4b5c6d7e8f9001122334';
    const hash = await hashSecret(kind === 'upper' ? hex.toUpperCase() : hex, cheap);
    await expect(new PasswordChecker().check('CP1', Buffer.from(hex, 'hex'), hash)).resolves.toBe(true);
  });

  it('remembers a success until the TTL ends, and never a failure', async () => {
    let now = 0;
    const hash = await hashSecret('station-password-01', cheap);
    const checker = new PasswordChecker(1_000, 10, () => now);
    await expect(checker.check('CP1', Buffer.from('station-password-01'), hash)).resolves.toBe(true);
    // A different stored hash (password changed) is a different cache key.
    const changed = await hashSecret('station-password-99', cheap);
    await expect(checker.check('CP1', Buffer.from('station-password-01'), changed)).resolves.toBe(false);
    now = 2_000;
    await expect(checker.check('CP1', Buffer.from('station-password-01'), hash)).resolves.toBe(true);
  });
});
