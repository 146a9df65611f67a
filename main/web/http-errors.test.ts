import { describe, expect, it } from 'vitest';
import { describeHttpError } from './http-errors.ts';

const LIMIT = 256 * 1024;

describe('describeHttpError', () => {
  it('turns Fastify body errors into clear refusals', () => {
    expect(describeHttpError({ statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: 'Request body is too large' }, LIMIT))
      .toEqual({ status: 413, body: { error: 'body_too_large', message: 'the request body is over the 256 KiB limit' }, internal: false });
    expect(describeHttpError({ statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY', message: 'x' }, LIMIT).body)
      .toEqual({ error: 'invalid_json', message: 'the request body is not valid JSON; send one EngineRequest object' });
    expect(describeHttpError({ statusCode: 400, code: 'FST_ERR_CTP_EMPTY_JSON_BODY', message: 'x' }, LIMIT).body.message).toContain('empty');
    expect(describeHttpError({ statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', message: 'x' }, LIMIT))
      .toMatchObject({ status: 415, body: { error: 'unsupported_media_type', message: expect.stringContaining('application/json') } });
  });

  it('keeps another 4xx with its message', () => {
    expect(describeHttpError({ statusCode: 405, code: 'FST_ERR_X', message: 'not here' }, LIMIT))
      .toEqual({ status: 405, body: { error: 'fst_err_x', message: 'not here' }, internal: false });
  });

  it('hides the details of a failure of ours and marks it internal', () => {
    for (const error of [new Error('database password is hunter2'), { statusCode: 502, message: 'secret detail' }, { message: 'no status' }]) {
      const failure = describeHttpError(error, LIMIT);
      expect(failure.status).toBe(500);
      expect(failure.internal).toBe(true);
      expect(failure.body.error).toBe('internal');
      expect(JSON.stringify(failure.body)).not.toMatch(/hunter2|secret detail|no status/);
    }
  });
});
