import { describe, expect, it } from 'vitest';
import { tempDirsForEachTest } from '../../../shared/config/testing/temp-dirs-per-test.ts';
import { planInit } from './plan.ts';

const tempDir = tempDirsForEachTest();

describe('planInit', () => {
  it('leaves a likely misspelling out of the declarations and says what it looks like, so check questions it', async () => {
    const root = tempDir({
      Procfile: 'web: python3 api/app.py --port $PORT\n',
      'api/app.py': 'import os\nfrom dotenv import load_dotenv\nload_dotenv()\nurl = os.environ["DATABASE_URL"]\nport = os.getenv("PORT")\n',
      'api/.env': 'DATABSE_URL=postgres://app@db/app\nFEATURE_FLAGS=a,b\n',
      'api/.env.example': 'SENTRY_DSNN=\n',
    });
    const plan = await planInit(root, 'demo');
    const declared = Object.keys(plan.variablesFiles[0]?.content.variables ?? {});
    expect(declared).toEqual(expect.arrayContaining(['DATABASE_URL', 'PORT', 'FEATURE_FLAGS', 'SENTRY_DSNN']));
    expect(declared).not.toContain('DATABSE_URL');
    expect(plan.suspectedTypos).toEqual([{ key: 'DATABSE_URL', meant: 'DATABASE_URL', file: 'api/.env', line: 1 }]);
  });
});
