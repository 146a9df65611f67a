import type { EngineApi } from '../../shared/api/engine-contract.ts';
import type { StackNotification } from '../../shared/notifications/compose-notification.ts';
import { watchStackAlerts } from '../../shared/notifications/watch-stack-alerts.ts';

// The part of Electron's Notification class used here, so unit tests (which have no Electron binary) pass a fake.
export interface DesktopNotificationClass {
  isSupported(): boolean;
  new (options: { title: string; body: string }): { show(): void; on(event: 'click', listener: () => void): unknown };
}

// An OS notification can be collected before it is clicked unless something holds it; the last few are kept.
const KEPT = 5;

// Why: the Electron app shows what the shared grouping decided as desktop notifications; a click brings the window back.
export function desktopNotifier(Notification: DesktopNotificationClass, onClick: () => void): (notification: StackNotification) => void {
  const kept: InstanceType<DesktopNotificationClass>[] = [];
  return ({ title, body }) => {
    if (!Notification.isSupported()) return;
    const shown = new Notification({ title: `Stackdeck: ${title}`, body });
    shown.on('click', onClick);
    shown.show();
    kept.push(shown);
    if (kept.length > KEPT) kept.shift();
  };
}

// Why: agent deaths, crashes and configuration regressions of whichever stack the session has open, as desktop
// notifications grouped per 10 s; returns the function that stops it.
export function notifyFromSession(session: Pick<EngineApi, 'subscribe'>, Notification: DesktopNotificationClass, onClick: () => void): () => void {
  return watchStackAlerts((listener) => session.subscribe(listener), { deliver: desktopNotifier(Notification, onClick) });
}
