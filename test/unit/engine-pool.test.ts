/**
 * The engine's concurrency pool (shared/aggregation/engine.ts `pool`): every input once, at most
 * `limit` tasks in flight, and no new task after a failure. Tasks wait on promises the test settles
 * itself, so what is in flight is known at each step (no timing).
 */
import { describe, expect, it } from 'vitest';
import { pool } from '../../shared/aggregation/engine';

/** A promise the test resolves or rejects when it chooses. */
function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the concurrency pool', () => {
  it('runs each input once, in order, with at most `limit` in flight', async () => {
    const gates = new Map(['a', 'b', 'c', 'd', 'e'].map((input) => [input, deferred()]));
    const started: string[] = [];
    let inFlight = 0;
    let most = 0;
    const done = pool([...gates.keys()], 2, async (input) => {
      started.push(input);
      inFlight++;
      most = Math.max(most, inFlight);
      await gates.get(input)!.promise;
      inFlight--;
    });
    await settle();
    expect(started).toEqual(['a', 'b']);
    gates.get('b')!.resolve();
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    for (const gate of gates.values()) gate.resolve();
    await done;
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(most).toBe(2);
  });

  it('starts no more tasks than inputs when the limit is higher', async () => {
    const started: number[] = [];
    let inFlight = 0;
    let most = 0;
    const gate = deferred();
    const done = pool([1, 2], 8, async (input) => {
      started.push(input);
      inFlight++;
      most = Math.max(most, inFlight);
      await gate.promise;
      inFlight--;
    });
    await settle();
    gate.resolve();
    await done;
    expect(started).toEqual([1, 2]);
    expect(most).toBe(2);
  });

  it('does nothing for no inputs', async () => {
    const started: number[] = [];
    await pool([], 4, async (input: number) => {
      started.push(input);
    });
    expect(started).toEqual([]);
  });

  it('rejects with the first failure and starts no new task after it', async () => {
    const gates = new Map(['a', 'b', 'c', 'd'].map((input) => [input, deferred()]));
    const started: string[] = [];
    const done = pool([...gates.keys()], 2, async (input) => {
      started.push(input);
      await gates.get(input)!.promise;
    });
    const outcome = done.then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    await settle();
    gates.get('a')!.reject(new Error('a failed'));
    expect(await outcome).toBe('a failed');
    // b was in flight; when it ends, its worker must not take c
    gates.get('b')!.resolve();
    await settle();
    expect(started).toEqual(['a', 'b']);
  });

  it('rejects with a failure in the only worker and runs nothing after it', async () => {
    const started: number[] = [];
    await expect(
      pool([1, 2, 3], 1, async (input) => {
        started.push(input);
        if (input === 2) throw new Error('2 failed');
      }),
    ).rejects.toThrow('2 failed');
    expect(started).toEqual([1, 2]);
  });
});
