import { render, type RenderResult } from '@testing-library/react';
import { App } from '../app';
import { apiKeyStorage } from '../auth/api-key-storage';
import { type FakeApi } from './fake-api';

/**
 * The whole console at `path`, signed in with a key of `api.scope` (unless `signedIn` is false),
 * on the fake API.
 */
export function renderConsole(path: string, api: FakeApi, { signedIn = true } = {}): RenderResult {
  sessionStorage.clear();
  if (signedIn) apiKeyStorage.write('vl_0123456789ab_test-key');
  return render(<App fetch={api.fetch} initialPath={path} />);
}
