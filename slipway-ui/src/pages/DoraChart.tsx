import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Week } from './trend';

/** Deployments per week (bars) and the change failure rate (line), week by week. */
export default function DoraChart({ weeks }: { weeks: Week[] }) {
  const data = weeks.map((w) => ({ ...w, failurePercent: w.failureRate === null ? null : Math.round(w.failureRate * 1000) / 10 }));
  return (
    <figure className="chart" aria-label="Deployments and change failure rate per week">
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="week" />
          <YAxis yAxisId="left" allowDecimals={false} />
          <YAxis yAxisId="right" orientation="right" unit="%" domain={[0, 100]} />
          <Tooltip />
          <Legend />
          <Bar yAxisId="left" dataKey="deployments" name="deployments" fill="#1d4ed8" isAnimationActive={false} />
          <Line yAxisId="right" type="monotone" dataKey="failurePercent" name="change failure rate" stroke="#b91c1c" connectNulls isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
