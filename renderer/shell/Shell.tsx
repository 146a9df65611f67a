import { useCallback, useState } from 'react';
import { AgentsView } from '../agents/AgentsView.tsx';
import { CHANGE_LOG_SCOPE, ConfigView } from '../config/ConfigView.tsx';
import { useEngineCommand } from '../data/use-engine-command.ts';
import { LogsView } from '../logs/LogsView.tsx';
import { RegressionNotice } from '../notices/RegressionNotice.tsx';
import { ServicesView } from '../services/ServicesView.tsx';
import { ActionLog } from './ActionLog.tsx';
import { ConnectionBar, ConnectionNotice } from './ConnectionBar.tsx';
import { BrowserNotificationsToggle } from './BrowserNotificationsToggle.tsx';
import { ErrorAlerts } from './ErrorAlerts.tsx';
import { OpenStack } from './OpenStack.tsx';
import { ShortcutsHelp } from './ShortcutsHelp.tsx';
import { StackSummary } from './StackSummary.tsx';
import { useKeyboardShortcuts } from './use-keyboard-shortcuts.ts';
import { ViewTabs } from './ViewTabs.tsx';
import { panelId, tabId, type ViewId } from './views.ts';

// Why: the frame every view sits in: tabs, connection status, errors, shortcuts, and the active view.
export function Shell({ initialView = 'services', browserNotifications = false }: { initialView?: ViewId; browserNotifications?: boolean }) {
  const [view, setView] = useState<ViewId>(initialView);
  // Which service (or the change log) the Configuration view shows: kept here so the regression notice can open the log.
  const [configScope, setConfigScope] = useState<string | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const stack = useEngineCommand();

  const focusSearch = useCallback(() => {
    document.querySelector<HTMLElement>(`#${panelId(view)} [data-search]`)?.focus();
  }, [view]);

  useKeyboardShortcuts({
    showView: setView,
    startAll: () => stack.mutate({ type: 'start' }),
    stopAll: () => stack.mutate({ type: 'stop' }),
    restartAll: () => stack.mutate({ type: 'restart' }),
    toggleHelp: () => setHelpOpen((open) => !open),
    focusSearch,
  });

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">Stackdeck</span>
        </div>
        <ViewTabs view={view} onChange={setView} />
        <div className="topbar__end">
          <OpenStack />
          <StackSummary />
          {browserNotifications && <BrowserNotificationsToggle />}
          <ConnectionBar />
          <ShortcutsHelp open={helpOpen} onOpenChange={setHelpOpen} />
        </div>
      </header>
      <ConnectionNotice />
      <ErrorAlerts />
      <RegressionNotice onOpenChangeLog={() => {
        setConfigScope(CHANGE_LOG_SCOPE);
        setView('config');
      }} />
      <main className="main" role="tabpanel" id={panelId(view)} aria-labelledby={tabId(view)}>
        {view === 'services' && <ServicesView />}
        {view === 'logs' && <LogsView />}
        {view === 'config' && <ConfigView scope={configScope} onScopeChange={setConfigScope} />}
        {view === 'agents' && <AgentsView />}
      </main>
      <footer className="footer">
        <ActionLog />
      </footer>
    </div>
  );
}
