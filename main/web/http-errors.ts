// What every refusal looks like: what was wrong, in words a caller can act on.
export interface ErrorBody {
  error: string;
  message: string;
}

export interface HttpFailure {
  status: number;
  body: ErrorBody;
  // A failure of ours, not the caller's: logged, and described to the caller only generically.
  internal: boolean;
}

// Why: Fastify's own errors (body parsing, size, media type) become the same clear JSON as every other refusal.
export function describeHttpError(error: { statusCode?: number; code?: string; message?: string }, bodyLimitBytes: number): HttpFailure {
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return refusal(413, 'body_too_large', `the request body is over the ${Math.round(bodyLimitBytes / 1024)} KiB limit`);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return refusal(400, 'invalid_json', 'the request body is not valid JSON; send one EngineRequest object');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return refusal(400, 'invalid_json', 'the request body is empty; send one EngineRequest object as JSON');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return refusal(415, 'unsupported_media_type', 'send the request body as Content-Type: application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return refusal(400, 'invalid_request', 'the Content-Length header does not match the body');
  }
  if (status >= 500) {
    return { status: 500, body: { error: 'internal', message: 'the server failed to handle the request; the launcher log has the details' }, internal: true };
  }
  return refusal(status, (error.code ?? 'bad_request').toLowerCase(), error.message ?? 'the request was refused');
}

function refusal(status: number, error: string, message: string): HttpFailure {
  return { status, body: { error, message }, internal: false };
}
