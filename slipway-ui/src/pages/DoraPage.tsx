import { lazy, Suspense, useEffect, useState } from 'react';
import { answer, api, type Schemas } from '../api/client';
import { weekly, type Week } from './trend';

type Report = Schemas['DoraReport'];
type Keys = Schemas['DoraKeys'];

// The chart library is its own chunk, loaded only on this page.
const WeeklyChart = lazy(() => import('./DoraChart'));
const WEEKS = 12;

const duration = (s: number | null) =>
  s === null ? '—' : s < 3600 ? `${Math.round(s / 60)} min` : s < 86400 ? `${(s / 3600).toFixed(1)} h` : `${(s / 86400).toFixed(1)} d`;
const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)} %`);

function KeysRow({ name, keys }: { name: string; keys: Keys }) {
  return (
    <tr>
      <th scope="row">{name}</th>
      <td>{keys.deploymentFrequency.perDay.toFixed(2)}/day <span className={`badge band-${keys.deploymentFrequency.band}`}>{keys.deploymentFrequency.band}</span></td>
      <td>{duration(keys.leadTime.medianSeconds)}</td>
      <td>{percent(keys.changeFailureRate.rate)}</td>
      <td>{duration(keys.timeToRestore.medianSeconds)}</td>
    </tr>
  );
}

/** The four keys for the system and per service over four weeks, and deployments and failures week by week. */
export default function DoraPage() {
  const [environment, setEnvironment] = useState('');
  const [main, setMain] = useState<Report | null>(null);
  const [weeks, setWeeks] = useState<Week[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const only = environment ? { environment } : {};
    answer(api.GET('/api/v1/dora', { params: { query: { since: '4w', ...only } } })).then(setMain).catch((e: Error) => setError(e.message));
    // the trend: the deployment history of each environment (or the chosen one), bucketed by week
    answer(api.GET('/api/v1/environments'))
      .then((r) => Promise.all(r.environments.map((e) => e.environment).filter((e) => !environment || e === environment)
        .map((e) => answer(api.GET('/api/v1/history', { params: { query: { environment: e } } })))))
      .then((histories) => setWeeks(weekly(histories.flatMap((h) => h.deployments), new Date(), WEEKS)))
      .catch((e: Error) => setError(e.message));
  }, [environment]);
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!main) return <p className="loading">Loading…</p>;
  return (
    <section aria-labelledby="dora-title">
      <h1 id="dora-title">DORA metrics</h1>
      <label htmlFor="dora-env">Environment</label>{' '}
      <input id="dora-env" value={environment} placeholder="all" onChange={(e) => setEnvironment(e.target.value.trim())} />
      <p className="help">Window {new Date(main.from).toLocaleDateString()} – {new Date(main.to).toLocaleDateString()} ({main.days} days).</p>
      <table className="grid">
        <thead><tr><th scope="col"></th><th scope="col">Deployment frequency</th><th scope="col">Lead time (median)</th><th scope="col">Change failure rate</th><th scope="col">Time to restore (median)</th></tr></thead>
        <tbody>
          <KeysRow name="System" keys={main.system} />
          {main.services.map((s) => <KeysRow key={s.service} name={s.service} keys={s} />)}
        </tbody>
      </table>
      <h2>Trend: the last {WEEKS} weeks</h2>
      <Suspense fallback={<p className="loading">Loading chart…</p>}>
        <WeeklyChart weeks={weeks} />
      </Suspense>
    </section>
  );
}
