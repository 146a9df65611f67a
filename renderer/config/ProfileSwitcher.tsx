import { PROFILES, type Profile } from '../../shared/config/profile.ts';
import { useEngineCommand } from '../data/use-engine-command.ts';

// Why: see what staging or production would enforce on the same files, one select away.
export function ProfileSwitcher({ profile }: { profile: Profile }) {
  const set = useEngineCommand();
  return (
    <label className="field field--inline" title="Staging and production enforce every rule and never generate fallbacks">
      <span className="field__label">Profile</span>
      <select className="select" value={set.isPending && set.variables.type === 'setProfile' ? set.variables.profile : profile} disabled={set.isPending} onChange={(event) => set.mutate({ type: 'setProfile', profile: event.target.value as Profile })}>
        {PROFILES.map((candidate) => <option key={candidate} value={candidate}>{candidate}</option>)}
      </select>
    </label>
  );
}
