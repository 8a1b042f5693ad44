import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Look } from './looks';

/** Canary against baseline for one metric over the canary's looks, with the judge's bound. */
export default function CanaryChart({ title, looks }: { title: string; looks: Look[] }) {
  // the bound is drawn beside canary and baseline only when it bounds the canary's own value (an error rate), not a
  // ratio such as canary/baseline p95; the table has every statistic and bound
  const data = looks.map((l) => ({ ...l, time: new Date(l.at).toLocaleTimeString(), line: l.value === l.canary ? l.bound : null }));
  const n = (v: number | null) => (v === null ? '—' : Number.isInteger(v) ? String(v) : v.toPrecision(3));
  return (
    <figure className="chart" aria-label={`${title}: canary against baseline with the bound`}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="time" />
          <YAxis />
          <Tooltip />
          <Legend />
          <Line type="monotone" dataKey="canary" name="canary" stroke="#b91c1c" isAnimationActive={false} />
          <Line type="monotone" dataKey="baseline" name="baseline" stroke="#1d4ed8" isAnimationActive={false} />
          <Line type="stepAfter" dataKey="line" name="bound" stroke="#6b7280" strokeDasharray="6 3" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
      <table className="grid" aria-label={title}>
        <thead><tr><th scope="col">Time</th><th scope="col">Step</th><th scope="col">Weight</th><th scope="col">Canary</th><th scope="col">Baseline</th><th scope="col">Statistic</th><th scope="col">Bound</th><th scope="col">Outcome</th></tr></thead>
        <tbody>
          {data.map((l, i) => (
            <tr key={i}><td>{l.time}</td><td>{l.step}</td><td>{l.weight}%</td><td>{n(l.canary)}</td><td>{n(l.baseline)}</td><td>{n(l.value)}</td><td>{n(l.bound)}</td><td>{l.outcome}</td></tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
