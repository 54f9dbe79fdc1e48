import type { Notice } from '../state/dashboardStore';

export function Notices({ notices, onDismiss }: { notices: readonly Notice[]; onDismiss: (id: number) => void }) {
  if (notices.length === 0) return null;
  return (
    <div className="prp-notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`prp-notice prp-notice--${notice.level}`}>
          <span>{notice.message}</span>
          <button type="button" className="prp-icon-button" onClick={() => onDismiss(notice.id)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
