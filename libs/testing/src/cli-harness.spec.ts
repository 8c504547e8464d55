import { pollUntil, stderrLogger } from './cli-harness';

describe('pollUntil', () => {
  it('resolves once the check holds', async () => {
    let calls = 0;
    await pollUntil(() => ++calls === 3, 5_000, 'the third call', 5);
    expect(calls).toBe(3);
  });

  it('rejects after the time-out, naming what it waited for', async () => {
    await expect(pollUntil(() => false, 60, 'nothing', 10)).rejects.toThrow('timed out after 60 ms waiting for nothing');
  });

  it('ends the wait at once when the check throws', async () => {
    const started = Date.now();
    await expect(
      pollUntil(
        () => {
          throw new Error('process exited');
        },
        10_000,
        'a dead process',
      ),
    ).rejects.toThrow('process exited');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('stderrLogger', () => {
  it('writes one line with the tag and the time of day to stderr', () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      stderrLogger('bench')('3 stations up');
      expect(write).toHaveBeenCalledTimes(1);
      expect(String(write.mock.calls[0][0])).toMatch(/^\[bench \d\d:\d\d:\d\d\] 3 stations up\n$/);
    } finally {
      write.mockRestore();
    }
  });
});
