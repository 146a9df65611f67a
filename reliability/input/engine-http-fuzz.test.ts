import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { postEngineRequest } from './support/engine-over-http.ts';
import { SERVICE, engineBehindServerForThisFile, expectHttpBarrageHarmless } from './support/engine-stack.ts';
import { arbitraryMalformedRequest, arbitraryUnknownServiceRequest } from './support/malformed-engine-requests.ts';
import { createTally, recordHttpRefusal, recordInBandRefusal } from './support/tally.ts';

// Browser mode's HTTP door with a real engine behind it: a few hundred generated JSON payloads.
const MALFORMED_RUNS = 300;
const UNKNOWN_SERVICE_RUNS = 50;
// A refusal names where the problem is: a field path ("body.limit") or "the request" itself.
const NAMES_A_PLACE = /^(the request|[\w.]+): \S/;

const live = engineBehindServerForThisFile();
const tally = createTally();

describe('generated requests against POST /api/request', () => {
  it(`refuses ${MALFORMED_RUNS} arbitrary JSON payloads with 400 and a reason that names a place`, async () => {
    await fc.assert(fc.asyncProperty(arbitraryMalformedRequest(fc.jsonValue({ maxDepth: 4 })), async (payload) => {
      const answer = await postEngineRequest(live.test, JSON.stringify(payload));
      recordHttpRefusal(tally, JSON.stringify(payload).slice(0, 120), answer.status, answer.text);
      expect(answer.status).toBe(400);
      const body = JSON.parse(answer.text) as { error: string; message: string };
      // JSON whose keys include __proto__ or constructor.prototype is refused by the body parser itself.
      expect(['invalid_request', 'invalid_json']).toContain(body.error);
      if (body.error === 'invalid_request') expect(body.message).toMatch(NAMES_A_PLACE);
    }), { numRuns: MALFORMED_RUNS });
  });

  it(`answers ${UNKNOWN_SERVICE_RUNS} well-formed requests for generated unknown services as unknown_service`, async () => {
    await fc.assert(fc.asyncProperty(arbitraryUnknownServiceRequest([SERVICE]), async (payload) => {
      const answer = await postEngineRequest(live.test, JSON.stringify(payload));
      recordInBandRefusal(tally, JSON.stringify(payload), answer.status, answer.text, 'unknown_service');
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toMatchObject({ ok: false, error: { code: 'unknown_service' } });
    }), { numRuns: UNKNOWN_SERVICE_RUNS });
  });

  it('afterwards has changed nothing, logged no failure, and still starts and stops a service', async () => {
    console.log(await expectHttpBarrageHarmless(live, tally, 'engine HTTP fast-check (real engine)'));
  });
});
