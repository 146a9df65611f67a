import type { ReactNode } from 'react';

export type Tone = 'ok' | 'info' | 'warn' | 'danger' | 'neutral' | 'accent';

// Why: every state is shown with colour AND text (and a dot shape), never colour alone.
export function StatusBadge({ tone, children, pulse = false, strong = false, title }: { tone: Tone; children: ReactNode; pulse?: boolean; strong?: boolean; title?: string }) {
  return (
    <span className={`badge badge--${tone}${strong ? ' badge--strong' : ''}`} title={title}>
      <span className={`badge__dot${pulse ? ' badge__dot--pulse' : ''}`} aria-hidden="true" />
      {children}
    </span>
  );
}
