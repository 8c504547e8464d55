import { hashSecret, verifySecret } from './secret-hash';

const cheap = { N: 1024, r: 8, p: 1 };

describe('secret hashing', () => {
  it('verifies the right secret and refuses a wrong one', async () => {
    const hash = await hashSecret('correct horse battery', cheap);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hash).not.toContain('correct');
    await expect(verifySecret('correct horse battery', hash)).resolves.toBe(true);
    await expect(verifySecret('correct horse batterY', hash)).resolves.toBe(false);
  });

  it('salts: the same secret hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashSecret('x'.repeat(20), cheap), hashSecret('x'.repeat(20), cheap)]);
    expect(a).not.toBe(b);
    await expect(verifySecret('x'.repeat(20), b)).resolves.toBe(true);
  });

  it('verifies byte secrets (1.6 AuthorizationKey sent as raw bytes)', async () => {
    const bytes = Buffer.from('00ff10aa'.repeat(4), 'hex');
    const hash = await hashSecret(bytes, cheap);
    await expect(verifySecret(bytes, hash)).resolves.toBe(true);
  });

  it.each(['', 'plain', 'scrypt$x$8$1$a$b', 'bcrypt$1$2$3$4$5', `scrypt$${2 ** 22}$8$1$AAAA$AAAA`])(
    'treats malformed hash %p as no match',
    async (stored) => {
      await expect(verifySecret('secret', stored)).resolves.toBe(false);
    },
  );
});
