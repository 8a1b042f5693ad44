import { useState } from 'react';
import { postJson, rememberGates, type Gate } from '../api/actions';
import { GateList } from '../environments/GateList';
import type { WhoAmI } from '../api/client';
import type { Stage } from '../environments/pipeline';
import { href } from '../route';

/**
 * The environments as stages along promoteFrom: each with its gates and the health of what runs there, and, for who
 * may release there, a promote action that releases exactly what runs healthy in the stage before.
 */
export function Pipeline({ stages, me }: { stages: Stage[]; me: WhoAmI }) {
  const [refused, setRefused] = useState<{ env: string; message: string; gates: Gate[] } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const promote = async (stage: Stage) => {
    setBusy(stage.name);
    setRefused(null);
    try {
      const { status, body } = await postJson(`/api/v1/environments/${encodeURIComponent(stage.name)}/promotions`, {});
      const gates = (body.gates as Gate[] | undefined) ?? [];
      if (status === 201 && typeof body.id === 'string') {
        rememberGates(body.id, gates);
        window.location.hash = href('releases', body.id);
      } else if (status === 422 && gates.length > 0) {
        setRefused({ env: stage.name, message: `Not promoted to ${stage.name}: a gate is not met.`, gates });
      } else {
        setRefused({ env: stage.name, message: `Not promoted to ${stage.name}: ${String(body.detail ?? body.title ?? `the server answered ${status}`)}`, gates });
      }
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="pipeline-title">
      <h2 id="pipeline-title">Pipeline</h2>
      <ol className="chain pipeline">
        {stages.map((s) => {
          const may = me.environments.find((e) => e.name === s.name)?.mayRelease ?? false;
          return (
            <li key={s.name} className="stage-card" aria-labelledby={`stage-${s.name}`} data-testid={`stage-${s.name}`}>
              <h3 id={`stage-${s.name}`}>{s.name}</h3>
              <p className="help">{s.promoteFrom ? `promoted from ${s.promoteFrom}` : 'start of the chain'}</p>
              <ul className="stage-gates" aria-label={`Gates of ${s.name}`}>
                {s.approval && <li>approval by a person</li>}
                {s.soak && <li>soak {s.soak} before promoting further</li>}
                {!s.approval && !s.soak && <li>no gate of its own</li>}
              </ul>
              <p>
                <span className="ok">{s.healthy} healthy</span>
                {s.unhealthy > 0 && <>, <span className="bad">{s.unhealthy} unhealthy</span></>}
              </p>
              {s.promoteFrom && (
                <p>{s.sourceEmpty ? `nothing runs in ${s.promoteFrom} yet` : s.behind.length === 0 ? `same versions as ${s.promoteFrom}` : `${s.behind.length} behind ${s.promoteFrom}: ${s.behind.join(', ')}`}</p>
              )}
              {s.promoteFrom && may && (
                <button type="button" className="primary" disabled={busy !== null || s.behind.length === 0}
                  onClick={() => void promote(s)}>
                  {busy === s.name ? 'Promoting…' : `Promote ${s.promoteFrom} → ${s.name}`}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {refused && (
        <div role="alert" className="refused">
          <p className="error">{refused.message}</p>
          {refused.gates.length > 0 && <GateList gates={refused.gates} label={`Gates of ${refused.env}`} />}
        </div>
      )}
    </section>
  );
}
