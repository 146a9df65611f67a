// Why: a health score 0-100 (falls with each error and warning) as a meter with its number, coloured by band.
export function HealthScore({ score, label, caption = 'Health' }: { score: number; label: string; caption?: string }) {
  return (
    <span className={`score score--${scoreBand(score)}`}>
      <span className="score__label">{caption}</span>
      <span role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={score} className="score__bar">
        <span className="score__fill" style={{ width: `${score}%` }} />
      </span>
      <span className="score__value">{score}</span>
    </span>
  );
}

// Why: the same thresholds wherever a score is coloured.
export function scoreBand(score: number): 'ok' | 'warn' | 'danger' {
  return score >= 90 ? 'ok' : score >= 70 ? 'warn' : 'danger';
}
