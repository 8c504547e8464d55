import { createHash } from 'node:crypto';

/** How long one simulated upload or download may take before it counts as failed. */
export const TRANSFER_TIMEOUT_MS = 60_000;

/** What a simulated station writes into a diagnostics or log file. */
export function simulatedLogFile(stationId: string, kind: string, at: Date): Buffer {
  const lines = [`# ${kind} of simulated station ${stationId}`, `# generated ${at.toISOString()}`];
  for (let i = 0; i < 50; i++)
    lines.push(`${new Date(at.getTime() - (50 - i) * 60_000).toISOString()} INFO  sim[${i}] heartbeat ok, temperature ${20 + (i % 7)}C`);
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

/**
 * Sends `content` to `url` the way stations do: `put` (raw body, as 2.x GetLog uploads usually
 * are) or `multipart` (a POST of multipart/form-data with one file part, as 1.6 stations do).
 * Throws on a network error or a non-2xx answer.
 */
export async function uploadFile(url: string, content: Buffer, fileName: string, mode: 'put' | 'multipart'): Promise<void> {
  checkHttpUrl(url);
  let response: Response;
  if (mode === 'put') {
    response = await fetch(url, {
      method: 'PUT',
      body: content,
      headers: { 'content-type': 'text/plain' },
      signal: AbortSignal.timeout(TRANSFER_TIMEOUT_MS),
    });
  } else {
    const form = new FormData();
    form.append('file', new Blob([content], { type: 'text/plain' }), fileName);
    response = await fetch(url, { method: 'POST', body: form, signal: AbortSignal.timeout(TRANSFER_TIMEOUT_MS) });
  }
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`upload to ${new URL(url).host} answered HTTP ${response.status}`);
}

/** Downloads a firmware image; throws on a network error or a non-2xx answer. */
export async function downloadFile(url: string): Promise<{ size: number; sha256: string }> {
  checkHttpUrl(url);
  const response = await fetch(url, { signal: AbortSignal.timeout(TRANSFER_TIMEOUT_MS) });
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok) throw new Error(`download from ${new URL(url).host} answered HTTP ${response.status}`);
  return { size: body.length, sha256: createHash('sha256').update(body).digest('hex') };
}

function checkHttpUrl(url: string): void {
  const protocol = new URL(url).protocol;
  if (protocol !== 'http:' && protocol !== 'https:') throw new Error(`the simulator transfers files over HTTP(S) only, not ${protocol}`);
}
