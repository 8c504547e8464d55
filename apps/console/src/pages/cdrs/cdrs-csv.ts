import { ApiError } from '../../api/api-error';
import { cdrCsvPath, type CdrQuery } from './cdr-filters';

/**
 * The server's CSV of the CDRs of `query` (GET /api/v1/cdrs.csv: every match, oldest session end
 * first). The typed client parses JSON, so this is a plain fetch with the key in X-API-Key.
 */
export async function fetchCdrsCsv(doFetch: typeof fetch, apiKey: string, query: CdrQuery): Promise<string> {
  const response = await doFetch(cdrCsvPath(query), { headers: { 'X-API-Key': apiKey, Accept: 'text/csv, application/problem+json' } });
  if (!response.ok) {
    const text = await response.text();
    let problem: ApiError['problem'];
    try {
      problem = JSON.parse(text) as ApiError['problem'];
    } catch {
      problem = { detail: text || `HTTP ${response.status}` };
    }
    throw new ApiError(response.status, problem);
  }
  return response.text();
}
