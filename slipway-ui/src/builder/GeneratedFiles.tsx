import { useEffect, useState } from 'react';
import { answer, ApiError } from '../api/client';
import { generate } from '../api/yaml';
import { Diff } from './Diff';

const TARGETS = ['', 'all', 'github', 'gitlab', 'jenkins', 'tekton', 'docker', 'kubernetes', 'kustomize', 'argocd', 'flux'];

interface File { path: string; content: string }

/**
 * What `slipway generate` would write for the edited spec, each file against what the saved spec generates: the
 * person sees what the edit changes in the pipelines and manifests before saving it.
 */
export function GeneratedFiles({ text, savedText, blocked }: { text: string; savedText: string; blocked: boolean }) {
  const [target, setTarget] = useState('');
  const [files, setFiles] = useState<File[] | null>(null);
  const [before, setBefore] = useState<Map<string, string>>(new Map());
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (blocked) return;
    let live = true;
    Promise.all([
      answer(generate(text, target)),
      answer(generate(savedText, target)).catch(() => ({ files: [] as File[] })),
    ])
      .then(([now, saved]) => {
        if (!live) return;
        setFiles(now.files);
        setBefore(new Map(saved.files.map((f) => [f.path, f.content])));
        setError(null);
      })
      .catch((e: ApiError) => live && setError(e.message));
    return () => { live = false; };
  }, [text, savedText, target, blocked]);

  if (blocked) return <p className="error" role="alert">The spec has errors: nothing can be generated until they are fixed.</p>;
  return (
    <section className="generated" aria-label="Generated files">
      <label htmlFor="target">Target</label>
      <select id="target" value={target} onChange={(e) => setTarget(e.target.value)}>
        {TARGETS.map((t) => <option key={t} value={t}>{t || "the spec's own targets"}</option>)}
      </select>
      {error && <p className="error" role="alert">{error}</p>}
      <ul className="files">
        {(files ?? []).map((f) => {
          const old = before.get(f.path);
          const state = old === undefined ? 'new' : old === f.content ? 'unchanged' : 'changed';
          return (
            <li key={f.path}>
              <button type="button" aria-expanded={open === f.path} onClick={() => setOpen(open === f.path ? null : f.path)}>
                {f.path} <span className={`badge ${state}`}>{state}</span>
              </button>
              {open === f.path && (state === 'unchanged' ? <pre className="file" tabIndex={0}>{f.content}</pre>
                : <Diff before={old ?? ''} after={f.content} label={`${f.path} against the saved spec`} />)}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
