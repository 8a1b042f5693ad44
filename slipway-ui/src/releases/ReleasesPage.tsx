import { useEffect, useMemo, useState } from 'react';
import { answer, api, ApiError, type Plan, type Release, type WhoAmI } from '../api/client';
import { graphOf } from '../builder/spec';
import { usePromotionChain } from '../environments/chain';
import { byPromotion, promotionOrder } from '../environments/order';
import { href } from '../route';
import { StateBadge } from './StateBadge';

/** Every release, newest first, filtered by environment, state and text; and, for who may, planning a new one. */
export default function ReleasesPage({ me }: { me: WhoAmI }) {
  const [releases, setReleases] = useState<Release[] | null>(null);
  const [environment, setEnvironment] = useState('');
  const [state, setState] = useState('');
  const [search, setSearch] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    answer(api.GET('/api/v1/releases')).then((r) => setReleases([...r.releases].reverse())).catch((e: Error) => setError(e.message));
  }, []);

  const shown = useMemo(() => (releases ?? []).filter((r) =>
    (!environment || r.environment === environment) && (!state || r.state === state)
    && (!search || r.id.includes(search) || Object.keys(r.versions).some((s) => s.includes(search)))), [releases, environment, state, search]);
  const chain = usePromotionChain();
  const environments = promotionOrder(chain, [...new Set((releases ?? []).map((r) => r.environment))])
    .filter((e) => (releases ?? []).some((r) => r.environment === e));
  const states = [...new Set((releases ?? []).map((r) => r.state))];
  const mayRelease = me.environments.some((e) => e.mayRelease);

  return (
    <section aria-labelledby="releases-title">
      <h1 id="releases-title">Releases</h1>
      {mayRelease && <NewRelease me={me} />}
      {me.role === 'viewer' && <p className="help">Signed in as a viewer: you can watch releases but not start or change them.</p>}
      <div className="filters" role="search">
        <label htmlFor="f-env">Environment</label>
        <select id="f-env" value={environment} onChange={(e) => setEnvironment(e.target.value)}>
          <option value="">all</option>
          {environments.map((e) => <option key={e}>{e}</option>)}
        </select>
        <label htmlFor="f-state">State</label>
        <select id="f-state" value={state} onChange={(e) => setState(e.target.value)}>
          <option value="">all</option>
          {states.map((s) => <option key={s}>{s}</option>)}
        </select>
        <label htmlFor="f-text">Release or service</label>
        <input id="f-text" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      <table className="grid">
        <thead><tr><th scope="col">Release</th><th scope="col">Environment</th><th scope="col">State</th><th scope="col">Versions</th><th scope="col">Created</th></tr></thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.id}>
              <td><a href={href('releases', r.id)}>{r.id}</a></td>
              <td>{r.environment}</td>
              <td><StateBadge state={r.state} /></td>
              <td>{Object.entries(r.versions).map(([s, v]) => `${s} ${v}`).join(', ')}</td>
              <td>{new Date(r.created).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {releases && shown.length === 0 && <p>No releases match.</p>}
    </section>
  );
}

/** Choose an environment and versions, see the plan and its range checks, then start it. */
function NewRelease({ me }: { me: WhoAmI }) {
  const [spec, setSpec] = useState<string | null>(null);
  const chain = usePromotionChain();
  const offered = byPromotion(me.environments, (e) => e.name, chain);
  const [environment, setEnvironment] = useState(me.environments.find((e) => e.mayRelease)?.name ?? '');
  const [versions, setVersions] = useState<Record<string, string>>({});
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.GET('/api/v1/systems/spec').then(({ data }) => setSpec(data?.text ?? null));
  }, []);
  if (spec === null) return null;
  const services = graphOf(spec).services.map((s) => s.name);
  const chosen = Object.fromEntries(Object.entries(versions).filter(([, v]) => v.trim()));

  const planIt = async () => {
    setError(null);
    setPlan(null);
    try {
      setPlan(await answer(api.POST('/api/v1/plans', { body: { spec, environment, versions: chosen } })));
    } catch (e) {
      setError((e as ApiError).message);
    }
  };
  const startIt = async () => {
    const { data, error: problem, response } = await api.POST('/api/v1/releases', { body: { environment, versions: chosen } });
    if (response.status === 201 && data && 'id' in data) window.location.hash = href('releases', data.id);
    else if (response.status === 200) setError('Nothing changes: every chosen version already runs there.');
    else setError(new ApiError(response.status, problem as never).message);
  };

  return (
    <details className="new-release">
      <summary>Plan a release</summary>
      <div className="field">
        <label htmlFor="nr-env">Environment</label>
        <select id="nr-env" value={environment} onChange={(e) => { setEnvironment(e.target.value); setPlan(null); }}>
          {offered.map((e) => (
            <option key={e.name} value={e.name} disabled={!e.mayRelease}>
              {e.name}{e.mayRelease ? '' : ' (no grant)'}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>Versions (leave empty to keep what runs)</legend>
        {services.map((s) => (
          <div className="field inline" key={s}>
            <label htmlFor={`v-${s}`}>{s}</label>
            <input id={`v-${s}`} value={versions[s] ?? ''} placeholder="e.g. 2.0.0"
              onChange={(e) => { setVersions({ ...versions, [s]: e.target.value }); setPlan(null); }} />
          </div>
        ))}
      </fieldset>
      <button type="button" onClick={() => void planIt()} disabled={Object.keys(chosen).length === 0}>Plan</button>
      {plan && (
        <div className="plan" aria-label="Plan">
          {plan.ok ? (
            <ol>{plan.services.map((s) => <li key={s.name}>{s.name}: {s.from ?? '(new)'} → {s.to} ({s.strategy}){s.after.length ? ` after ${s.after.join(', ')}` : ''}</li>)}</ol>
          ) : (
            <ul className="error">{plan.errors.map((e, i) => <li key={i}>{e.message}{e.hint ? ` (${e.hint})` : ''}</li>)}</ul>
          )}
          {plan.checks.length > 0 && (
            <table className="grid"><caption>Range checks</caption>
              <thead><tr><th scope="col">Service</th><th scope="col">Needs</th><th scope="col">Version</th><th scope="col">OK</th></tr></thead>
              <tbody>{plan.checks.map((c, i) => <tr key={i}><td>{c.service}</td><td>{c.dependency} {c.range}</td><td>{c.version}</td><td>{c.ok ? 'yes' : 'no'}</td></tr>)}</tbody>
            </table>
          )}
          {plan.ok && <button type="button" className="primary" onClick={() => void startIt()}>Start release in {environment}</button>}
        </div>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </details>
  );
}
