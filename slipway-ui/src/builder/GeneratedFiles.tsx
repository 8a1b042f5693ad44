import { useEffect, useState } from 'react';
import { answer, ApiError } from '../api/client';
import { generate, repositoryFiles } from '../api/yaml';
import { compareOrGenerate, STATE_LABEL, summary, unifiedDiff, type GeneratedView, type RepositoryFile } from './repositoryFiles';

const TARGETS = ['', 'all', 'github', 'gitlab', 'jenkins', 'tekton', 'docker', 'kubernetes', 'kustomize', 'argocd', 'flux'];

/**
 * What `slipway generate` would write for the edited spec, each file against its copy in the repository of the served
 * slipway.yaml (`POST /api/v1/systems/files`, one request for every file): new, changed (with a unified diff),
 * unchanged, and the files an earlier generate wrote that it would now remove.
 */
export function GeneratedFiles({ text, blocked }: { text: string; blocked: boolean }) {
  const [target, setTarget] = useState('');
  const [view, setView] = useState<GeneratedView | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (blocked) return;
    let live = true;
    compareOrGenerate(() => answer(repositoryFiles(text, target)), () => answer(generate(text, target)))
      .then((v) => {
        if (!live) return;
        setView(v);
        setError(null);
      })
      .catch((e: ApiError) => live && setError(e.message));
    return () => { live = false; };
  }, [text, target, blocked]);

  if (blocked) return <p className="error" role="alert">The spec has errors: nothing can be generated until they are fixed.</p>;
  return (
    <section className="generated" aria-label="Generated files">
      <label htmlFor="target">Target</label>
      <select id="target" value={target} onChange={(e) => setTarget(e.target.value)}>
        {TARGETS.map((t) => <option key={t} value={t}>{t || "the spec's own targets"}</option>)}
      </select>
      {error && <p className="error" role="alert">{error}</p>}
      {view && !view.notCompared && <p className="help" aria-live="polite">Against the repository: {summary(view.files)}.</p>}
      {view?.notCompared && (
        <p className="help" role="note" aria-live="polite">
          Not compared with a repository: {view.notCompared}. Shown: the {view.files.length} files generate would write for
          the edited spec, each as new.
        </p>
      )}
      {view && !view.sources && (
        <p className="help" role="note">
          Generated from the spec alone: the edit names a service directory, Dockerfile or SealedSecret file the saved
          slipway.yaml does not, and the server reads only what the saved one names. `slipway generate` reads them, so a
          file it derives from them (a Dockerfile from a lockfile) may come out differently.
        </p>
      )}
      <ul className="files">
        {(view?.files ?? []).map((f) => (
          <li key={f.path}>
            <button type="button" aria-expanded={open === f.path} onClick={() => setOpen(open === f.path ? null : f.path)}>
              {f.path} <span className={`badge ${f.state}`}>{STATE_LABEL[f.state]}</span>
            </button>
            {open === f.path && (view?.notCompared
              ? <pre className="file" aria-label={`${f.path}: what generate would write`} tabIndex={0}>{f.generated}</pre>
              : <FileView file={f} />)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function FileView({ file }: { file: RepositoryFile }) {
  if (file.state === 'unreadable') return <p className="help">Not compared: {file.detail}.</p>;
  if (file.state === 'unchanged') return <pre className="file" tabIndex={0}>{file.generated}</pre>;
  const label = file.state === 'stale'
    ? `${file.path}: written by an earlier generate, no longer generated; generate would remove it`
    : `${file.path}: the repository's copy against what generate would write`;
  return (
    <pre className="diff unified" aria-label={label} tabIndex={0}>
      <div className="hdr">{`--- a/${file.path}${file.repository === undefined ? ' (not in the repository)' : ''}`}</div>
      <div className="hdr">{`+++ b/${file.path}${file.generated === undefined ? ' (removed)' : ''}`}</div>
      {unifiedDiff(file.path, file.repository, file.generated).map((l, i) => (
        <div key={i} className={l.kind}>{l.text}</div>
      ))}
    </pre>
  );
}
