import type { AgentRunView } from '../../shared/api/agent-runs-view.ts';
import { downloadText, exportFileName, runsToCsv, runsToJson } from './export-runs.ts';

// Why: QA attaches the table (as filtered) to a bug report or reads it in a spreadsheet.
export function ExportRuns({ runs }: { runs: readonly AgentRunView[] }) {
  const save = (format: 'csv' | 'json') => {
    const at = new Date();
    if (format === 'csv') downloadText(exportFileName('csv', at), 'text/csv;charset=utf-8', runsToCsv(runs));
    else downloadText(exportFileName('json', at), 'application/json', runsToJson(runs, at));
  };
  const title = `the ${runs.length} run${runs.length === 1 ? '' : 's'} shown`;
  return (
    <div className="export-runs" role="group" aria-label="Export runs">
      <button type="button" className="button button--small" disabled={runs.length === 0} title={`Export ${title} as CSV`} onClick={() => save('csv')}>Export CSV</button>
      <button type="button" className="button button--small" disabled={runs.length === 0} title={`Export ${title} as JSON`} onClick={() => save('json')}>Export JSON</button>
    </div>
  );
}
