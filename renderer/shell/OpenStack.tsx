import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTransport } from '../app/transport-context.tsx';
import { useRecentStacks, useStackState } from '../data/engine-queries.ts';
import { useEngineCommand } from '../data/use-engine-command.ts';

// The last folder name, for a short label; the whole path stays in the title.
function folderName(root: string): string {
  return root.split(/[\\/]/).filter(Boolean).at(-1) ?? root;
}

// Why: Stackdeck runs any team's repository: "Open stack" switches to another folder (the native dialog in the app,
// a path in browser mode, or a recent one), and a folder without a usable stackdeck.json is refused with the CLI's words.
export function OpenStack() {
  const [open, setOpen] = useState(false);
  const [path, setPath] = useState('');
  const id = useId();
  const container = useRef<HTMLDivElement>(null);
  const transport = useTransport();
  const current = useStackState().data?.root;
  const recent = useRecentStacks(open);
  const openStack = useEngineCommand();

  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && !container.current?.contains(event.target)) setOpen(false);
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('pointerdown', onPointerDown);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('pointerdown', onPointerDown);
    };
  }, [open]);

  const openRoot = (root: string) => {
    openStack.mutate({ type: 'openStack', root }, {
      onSuccess: () => {
        setOpen(false);
        setPath('');
      },
    });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim() !== '') openRoot(path.trim());
  };
  const choose = async () => {
    const root = await transport.pickFolder?.();
    if (root) openRoot(root);
  };
  const others = (recent.data ?? []).filter((entry) => entry.root !== current);

  return (
    <div className="open-stack" ref={container}>
      <button
        type="button"
        className="button button--small"
        aria-expanded={open}
        aria-controls={id}
        title={current ? `Open another stack (now ${current})` : 'Open another stack'}
        onClick={() => {
          openStack.reset();
          setOpen(!open);
        }}
      >
        Open stack…
      </button>
      {open && (
        <div id={id} role="dialog" aria-label="Open stack" className="popover open-stack__popover">
          <h2 className="popover__title">Open stack</h2>
          <p className="open-stack__note">The services of the open stack{current ? ` (${folderName(current)})` : ''} are stopped first.</p>
          {transport.pickFolder ? (
            <button type="button" className="button button--primary" disabled={openStack.isPending} onClick={() => void choose()}>
              Choose folder…
            </button>
          ) : (
            <form className="open-stack__form" onSubmit={submit}>
              <label className="field">
                <span className="field__label">Stack folder</span>
                <input
                  className="input input--mono"
                  value={path}
                  onChange={(event) => setPath(event.target.value)}
                  placeholder="/path/to/repository or ../their-repo"
                  spellCheck={false}
                  autoFocus
                />
              </label>
              <button type="submit" className="button button--primary" disabled={openStack.isPending || path.trim() === ''}>
                {openStack.isPending ? 'Opening…' : 'Open'}
              </button>
            </form>
          )}
          {openStack.isError && <p role="alert" className="open-stack__error">{openStack.error.message}</p>}
          {others.length > 0 && (
            <nav aria-label="Recent stacks">
              <h3 className="field__label">Recent</h3>
              <ul className="open-stack__recent">
                {others.map((entry) => (
                  <li key={entry.root}>
                    <button type="button" className="button button--ghost button--small" title={entry.root} disabled={openStack.isPending} onClick={() => openRoot(entry.root)}>
                      <strong>{folderName(entry.root)}</strong> <span className="open-stack__path">{entry.root}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </div>
      )}
    </div>
  );
}
