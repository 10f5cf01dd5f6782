/**
 * What the HTTP apps need from the outside, passed in once: the same apps run in Lambda, in the local
 * server and in tests with different dependencies.
 */
import type { Config } from '../config';
import type { KeyringSource } from '../keyring';
import type { Store } from '../storage/client';
import type { UnitDirectory } from '../unit-directory';

export interface AppDeps {
  store: Store;
  config: Config;
  keyring: KeyringSource;
  /** The clock; tests set it. */
  now: () => Date;
}

/** The agency API's dependencies: the unit directory besides (functions/api/app.ts). */
export type ApiDeps = AppDeps & { units: UnitDirectory };
