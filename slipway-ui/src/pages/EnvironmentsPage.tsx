import { useEffect, useState } from 'react';
import { answer, api, type Schemas, type WhoAmI } from '../api/client';
import { usePromotionChain } from '../environments/chain';
import { byPromotion } from '../environments/order';
import { stagesOf } from '../environments/pipeline';
import { Pipeline } from './Pipeline';

type Inventory = Schemas['Inventory'];

/** Services × environments: what runs where, its health, and what differs from the environment before it. */
export default function EnvironmentsPage({ me }: { me: WhoAmI }) {
  const [inventories, setInventories] = useState<Inventory[] | null>(null);
  const chain = usePromotionChain();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    answer(api.GET('/api/v1/environments')).then((r) => setInventories(r.environments)).catch((e: Error) => setError(e.message));
  }, []);
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!inventories) return <p className="loading">Loading…</p>;
  // columns in promotion order, so "differs" compares an environment with the one it is promoted from
  const environments = byPromotion(inventories, (e) => e.environment, chain);
  const stages = stagesOf(chain, new Map(inventories.map((i) => [i.environment, i.services])));
  const services = [...new Set(environments.flatMap((e) => e.services.map((s) => s.name)))].sort();
  return (
    <section aria-labelledby="env-title">
      <h1 id="env-title">Environments</h1>
      {stages.length > 0 && <Pipeline stages={stages} me={me} />}
      <h2>What runs where</h2>
      {environments.length === 0 && <p>No environment has an inventory or a release yet.</p>}
      <table className="grid matrix">
        <thead>
          <tr><th scope="col">Service</th>{environments.map((e) => <th scope="col" key={e.environment}>{e.environment}</th>)}</tr>
        </thead>
        <tbody>
          {services.map((name) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              {environments.map((e, i) => {
                const s = e.services.find((x) => x.name === name);
                const before = i > 0 ? environments[i - 1].services.find((x) => x.name === name) : undefined;
                const differs = i > 0 && s !== undefined && before?.version !== s.version;
                return (
                  <td key={e.environment} className={differs ? 'differs' : undefined}>
                    {s ? (
                      <>
                        <span className={s.healthy ? 'ok' : 'bad'}>{s.healthy ? '●' : '▲'}<span className="sr-only">{s.healthy ? 'healthy' : 'unhealthy'}</span></span>{' '}
                        {s.version}
                        {s.digest && <code title={s.digest}> {s.digest.slice(7, 19)}</code>}
                        {differs && <span className="badge">≠ {before ? before.version : 'absent'}</span>}
                      </>
                    ) : '—'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
