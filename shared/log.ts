/**
 * The functions' log (Powertools Logger: structured JSON with the Lambda request id, sampled debug,
 * log level from `POWERTOOLS_LOG_LEVEL`). The HTTP functions log only what an operator acts on — a
 * request that failed unexpectedly — so the logger is loaded on that first failure, not at cold
 * start (DESIGN §7's cold-start budget); the aggregate function logs its run (functions/aggregate).
 */
import type { Logger } from '@aws-lambda-powertools/logger';

let logger: Promise<Logger> | undefined;

function load(): Promise<Logger> {
  logger ??= import('@aws-lambda-powertools/logger').then(
    ({ Logger }) => new Logger({ serviceName: 'hailong' }),
  );
  return logger;
}

/** Logs a request that failed unexpectedly (a 500): what failed, where, and the stack. */
export async function logUnexpected(
  error: unknown,
  request: { method: string; path: string },
): Promise<void> {
  const log = await load();
  // The path of a rating link holds its token: log the route's shape, never the token.
  const path = request.path.replace(/^\/r\/[^/]+/, '/r/{token}').replace(/^\/s\/[^/]+/, '/s/{campaign}');
  log.error('unexpected failure', {
    method: request.method,
    path,
    error:
      error instanceof Error
        ? { name: error.name, message: error.message, stack: error.stack }
        : String(error),
  });
}
