import { scoreBand } from './HealthScore.tsx';

// Why: a service's score beside its name in the picker; decorative there (the meter in the panel is what is announced).
export function ScoreChip({ score }: { score: number }) {
  return <span className={`score-chip score-chip--${scoreBand(score)}`} aria-hidden="true">{score}</span>;
}
