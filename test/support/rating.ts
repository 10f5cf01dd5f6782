/**
 * Fixtures of the rating flow: a unit tree with one SIPAS unit, a small procedure catalogue, a key
 * that may register dossiers, and a helper that registers a dossier through the API.
 */
import type { Env, Hono } from 'hono';
import type { AppDeps } from '../../shared/http/deps';
import { putProcedures } from '../../shared/storage/procedures';
import type { UnitInput } from '../../shared/storage/units';
import { sampleUnits, seedKey } from './stack';

export const ratingUnits: UnitInput[] = [
  ...sampleUnits,
  { id: 'cb-sipas', name: 'Sở Tư pháp <Cao Bằng>', kind: 'department', parent: 'cb', sipas: true },
];

export const procedures = [
  { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 0 },
  { code: '2.000488', name: 'Cấp Phiếu lý lịch tư pháp', field: 'Lý lịch tư pháp', processingDays: 10 },
];

/** Loads units and procedures; answers a `dossiers:write` key scoped to `unit`. */
export async function seedRating(deps: AppDeps, unit = 'cb'): Promise<string> {
  await putProcedures(deps.store, procedures);
  return seedKey(deps, unit, ['dossiers:write'], ratingUnits);
}

let counter = 0;

/** A valid dossier, returned an hour before `now`. */
export function dossierInput(overrides: Record<string, unknown> = {}, now = new Date()) {
  counter += 1;
  return {
    code: `000.00.10.H12-250701-${String(counter).padStart(4, '0')}`,
    unit: 'cb-d1-c1',
    procedure: '1.001193',
    applicantType: 'citizen',
    channel: 'counter',
    receivedAt: new Date(now.getTime() - 5 * 86_400_000).toISOString(),
    dueAt: new Date(now.getTime() + 86_400_000).toISOString(),
    returnedAt: new Date(now.getTime() - 3_600_000).toISOString(),
    ...overrides,
  };
}

export interface RegisteredDossier {
  code: string;
  unit: string;
  ratingUrl: string;
  qrSvgUrl: string;
  qrPngUrl: string;
  labelUrl: string;
  linkExpiresAt: string;
  created: boolean;
}

/** POSTs `body` to /v1/dossiers with `key`. */
export function postDossiers<E extends Env>(
  app: Hono<E>,
  key: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return app.request('http://localhost/v1/dossiers', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Registers one dossier through the API and answers it with its token and path. */
export async function registerOne(app: Hono, key: string, overrides: Record<string, unknown> = {}) {
  const res = await postDossiers(app, key, dossierInput(overrides));
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
  const { dossiers } = (await res.json()) as { dossiers: RegisteredDossier[] };
  const dossier = dossiers[0]!;
  const path = new URL(dossier.ratingUrl).pathname;
  return { dossier, path, token: path.slice('/r/'.length) };
}

/** Form-encodes answers as the browser would. */
export function formBody(answers: Record<string, string>): string {
  return new URLSearchParams(answers).toString();
}

export const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
