/** Body size limits of the write routes: a larger body is a 413 domain error, answered by each app's onError. */
import { bodyLimit } from 'hono/body-limit';
import { PayloadTooLargeError } from '../errors';

/** Refuses a body larger than `maxBytes` with {@link PayloadTooLargeError} (HTTP 413). */
export function limitBody(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new PayloadTooLargeError(maxBytes);
    },
  });
}
