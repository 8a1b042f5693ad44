// The API token lives in this tab's session storage only: never in local storage, a cookie or a URL.
const KEY = 'slipway.token';

export function token(): string | null {
  return sessionStorage.getItem(KEY);
}

export function signIn(value: string): void {
  sessionStorage.setItem(KEY, value.trim());
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}
