const KEY = 'voltlane.console.apiKey';

/** The API key lives in this tab's sessionStorage only: gone when the tab closes, never in a cookie or a URL. */
export const apiKeyStorage = {
  read: (): string | null => sessionStorage.getItem(KEY),
  write: (key: string): void => sessionStorage.setItem(KEY, key),
  clear: (): void => sessionStorage.removeItem(KEY),
};
