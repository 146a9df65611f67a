import type { EngineEvent } from '../api/engine-contract.ts';
import { createAlertBatcher, type AlertBatcherOptions } from './alert-batcher.ts';
import { createAlertReader } from './stack-alert.ts';

// Why: Electron's main process and the browser page turn the same event stream into the same grouped notifications;
// each passes its own `deliver`. Returns the function that stops it.
export function watchStackAlerts(subscribe: (listener: (event: EngineEvent) => void) => () => void, options: AlertBatcherOptions): () => void {
  const read = createAlertReader(options.now);
  const batcher = createAlertBatcher(options);
  const unsubscribe = subscribe((event) => batcher.add(read(event)));
  return () => {
    unsubscribe();
    batcher.close();
  };
}
