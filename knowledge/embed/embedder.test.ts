import { describe, expect, it } from 'vitest';
import { dot, JobQueue, l2normalize, safeId } from './embedder';

describe('embedder helpers', () => {
  it('normalises vectors and leaves zero vectors alone', () => {
    const v = l2normalize(Float32Array.from([3, 4]));
    expect(Array.from(v)).toEqual([0.6000000238418579, 0.800000011920929]);
    expect(dot(v, v)).toBeCloseTo(1, 6);
    expect(Array.from(l2normalize(new Float32Array(2)))).toEqual([0, 0]);
  });

  it('makes file-name-safe ids', () => {
    expect(safeId('openai-BAAI/bge-m3:latest')).toBe('openai-BAAI_bge-m3_latest');
    expect(safeId('///')).toBe('model');
  });

  it('runs jobs one at a time, urgent ones before queued normal ones', async () => {
    const q = new JobQueue();
    const order: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const job = (name: string, ms: number) => async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, ms));
      order.push(name);
      running--;
      return name;
    };
    const all = [q.run(job('build1', 20)), q.run(job('build2', 5)), q.run(job('build3', 5)), q.run(job('query', 1), true)];
    expect(await Promise.all(all)).toEqual(['build1', 'build2', 'build3', 'query']);
    expect(order).toEqual(['build1', 'query', 'build2', 'build3']);
    expect(maxRunning).toBe(1);
    await expect(q.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await q.run(async () => 'after')).toBe('after'); // a failed job does not block the queue
  });
});
