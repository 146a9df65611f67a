import { useNoticeStore, useNotices } from '../notices/notices-context.tsx';

// Why: every engine error (a refused command, a failed query, an engineError event) is shown until dismissed.
export function ErrorAlerts() {
  const { errors } = useNotices();
  const store = useNoticeStore();
  if (errors.length === 0) return null;
  return (
    <div className="alerts" role="group" aria-label="Engine errors">
      {errors.map((notice) => (
        <div key={notice.id} role="alert" className="alert">
          <span className="alert__icon" aria-hidden="true">!</span>
          <p className="alert__message">
            {notice.message}
            {notice.count > 1 && <span className="alert__count"> ({notice.count} times)</span>}
          </p>
          <button type="button" className="button button--ghost button--small" aria-label={`Dismiss: ${notice.message}`} onClick={() => store.dismiss(notice.id)}>
            Dismiss
          </button>
        </div>
      ))}
      {errors.length > 1 && (
        <button type="button" className="button button--ghost button--small alerts__all" onClick={() => store.dismissAll()}>
          Dismiss all
        </button>
      )}
    </div>
  );
}
