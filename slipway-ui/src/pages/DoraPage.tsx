import { lazy, Suspense, useEffect, useState } from 'react';
import { answer, api, type Schemas } from '../api/client';

type Report = Schemas['DoraReport'];
type Keys = Schemas['DoraKeys'];

// The chart library is its own chunk, loaded only on this page.
const WindowChart = lazy(() => import('./DoraChart'));
const WINDOWS = ['1w', '2w', '4w', '8w', '12w'];

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

/** The four keys for the system and per service, and how they move as the window grows. */
export default function DoraPage() {
  const [environment, setEnvironment] = useState('');
  const [reports, setReports] = useState<Report[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all(WINDOWS.map((since) => answer(api.GET('/api/v1/dora', { params: { query: { since, ...(environment ? { environment } : {}) } } }))))
      .then(setReports)
      .catch((e: Error) => setError(e.message));
  }, [environment]);
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!reports) return <p className="loading">Loading…</p>;
  const main = reports[2];
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
      <h2>By window length</h2>
      <Suspense fallback={<p className="loading">Loading chart…</p>}>
        <WindowChart points={reports.map((r, i) => ({ window: WINDOWS[i], perDay: r.system.deploymentFrequency.perDay, failureRate: (r.system.changeFailureRate.rate ?? 0) * 100 }))} />
      </Suspense>
    </section>
  );
}
