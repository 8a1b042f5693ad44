import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { answer, api, ApiError, type WhoAmI } from './api/client';
import { signIn, signOut, token } from './api/session';
import { href, useRoute } from './route';
import { SignIn } from './pages/SignIn';

// Each page is its own chunk: the first load carries the shell and the sign-in form only.
const BuilderPage = lazy(() => import('./builder/BuilderPage'));
const ReleasesPage = lazy(() => import('./releases/ReleasesPage'));
const ReleasePage = lazy(() => import('./releases/ReleasePage'));
const EnvironmentsPage = lazy(() => import('./pages/EnvironmentsPage'));
const DoraPage = lazy(() => import('./pages/DoraPage'));

const PAGES = [
  ['builder', 'Builder'],
  ['releases', 'Releases'],
  ['environments', 'Environments'],
  ['dora', 'DORA'],
] as const;

export function App() {
  const [me, setMe] = useState<WhoAmI | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(token() !== null);
  const route = useRoute();

  const identify = useCallback(async () => {
    try {
      setMe(await answer(api.GET('/api/v1/whoami')));
      setError(null);
    } catch (e) {
      signOut();
      setMe(null);
      setError(e instanceof ApiError && e.status === 401 ? 'That token is unknown, revoked or malformed.' : String((e as Error).message));
    } finally {
      setChecking(false);
    }
  }, []);

  useEffect(() => {
    if (token() !== null) void identify();
  }, [identify]);

  if (checking) return <p className="loading">Signing in…</p>;
  if (!me) {
    return (
      <SignIn
        error={error}
        onSubmit={(value) => {
          signIn(value);
          setChecking(true);
          void identify();
        }}
      />
    );
  }

  const page = route[0] ?? 'builder';
  return (
    <div className="shell">
      <header className="top">
        <span className="brand">Slipway</span>
        <nav aria-label="Pages">
          {PAGES.map(([id, label]) => (
            <a key={id} href={href(id)} aria-current={page === id ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <span className="who" data-testid="who">
          {me.name} · {me.role}
          {me.grants.length > 0 ? ` · ${me.grants.join(', ')}` : ''}
        </span>
        <button
          type="button"
          onClick={() => {
            signOut();
            setMe(null);
          }}
        >
          Sign out
        </button>
      </header>
      <main>
        <Suspense fallback={<p className="loading">Loading…</p>}>
          {page === 'builder' && <BuilderPage me={me} />}
          {page === 'releases' && route[1] === undefined && <ReleasesPage me={me} />}
          {page === 'releases' && route[1] !== undefined && <ReleasePage key={route[1]} me={me} id={route[1]} />}
          {page === 'environments' && <EnvironmentsPage me={me} />}
          {page === 'dora' && <DoraPage />}
        </Suspense>
      </main>
    </div>
  );
}
