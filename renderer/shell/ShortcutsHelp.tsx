import { useEffect, useId, useRef } from 'react';
import { SHORTCUTS } from './shortcuts.ts';

// Why: shortcuts nobody can discover are not shortcuts: a "?" button lists them all.
export function ShortcutsHelp({ open, onOpenChange }: { open: boolean; onOpenChange(open: boolean): void }) {
  const id = useId();
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onOpenChange(false);
    };
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && !container.current?.contains(event.target)) onOpenChange(false);
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('pointerdown', onPointerDown);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('pointerdown', onPointerDown);
    };
  }, [open, onOpenChange]);

  return (
    <div className="shortcuts" ref={container}>
      <button
        type="button"
        className="button button--ghost button--icon"
        aria-label="Keyboard shortcuts"
        aria-expanded={open}
        aria-controls={id}
        title="Keyboard shortcuts (?)"
        onClick={() => onOpenChange(!open)}
      >
        ?
      </button>
      {open && (
        <div id={id} role="dialog" aria-label="Keyboard shortcuts" className="popover shortcuts__popover">
          <h2 className="popover__title">Keyboard shortcuts</h2>
          <table className="shortcuts__table">
            <tbody>
              {SHORTCUTS.map((shortcut) => (
                <tr key={shortcut.keys}>
                  <td><kbd>{shortcut.keys}</kbd></td>
                  <td>{shortcut.action}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
