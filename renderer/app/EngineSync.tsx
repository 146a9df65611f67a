import { useEngineSync } from '../data/use-engine-sync.ts';

// Why: mounts the event-stream-to-cache sync once, beside the views.
export function EngineSync() {
  useEngineSync();
  return null;
}
