import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface Point { window: string; perDay: number; failureRate: number }

export default function DoraChart({ points }: { points: Point[] }) {
  return (
    <figure className="chart" aria-label="Deployments per day and change failure rate by window length">
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={points}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="window" />
          <YAxis yAxisId="left" />
          <YAxis yAxisId="right" orientation="right" unit="%" />
          <Tooltip />
          <Legend />
          <Line yAxisId="left" type="monotone" dataKey="perDay" name="deployments/day" stroke="#1d4ed8" />
          <Line yAxisId="right" type="monotone" dataKey="failureRate" name="change failure rate" stroke="#b91c1c" />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
