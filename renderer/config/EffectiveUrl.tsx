import type { VariableReport } from '../../shared/config/report.ts';
import { describeEffectiveUrl, driverLabel } from '../../shared/config/service-database-url.ts';
import { describeSource } from '../../shared/config/source.ts';

// Why: the URL a service connects with is not always the one written: built from its components (each with its
// source), in the form each driver receives, masked; and when that leaves the written URL ignored, it says so.
export function EffectiveUrl({ variable }: { variable: VariableReport }) {
  const url = variable.effectiveUrl;
  if (!url) return null;
  return (
    <section className="effective-url" aria-label={`Effective URL of ${variable.key}`}>
      <p className="effective-url__from">
        <span className="effective-url__label">Effective URL</span> {describeEffectiveUrl(url, variable.key, (source) => describeSource(source))}
        {url.urlIgnored && <span className="tag tag--warn">{variable.key} ignored</span>}
      </p>
      <table className="effective-url__drivers">
        <tbody>
          {url.drivers.map((entry) => (
            <tr key={entry.driver}>
              <th scope="row">{driverLabel(entry.driver)}</th>
              <td><code className="value">{entry.url}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
