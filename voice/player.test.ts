import { describe, expect, it } from 'vitest';
import { FRAME_MS } from './audio/frames';
import { keyedOrderNo } from './call';
import { LEAD_MS, Player } from './player';

function sink(rate = 8000) {
  const frames: { at: number; first: number }[] = [];
  const clears: number[] = [];
  const marks: string[] = [];
  return {
    frames,
    clears,
    marks,
    rate,
    sendFrame: (f: Int16Array) => frames.push({ at: performance.now(), first: f[0] }),
    clear: () => clears.push(performance.now()),
    mark: (name: string) => marks.push(name),
  };
}

const ramp = (n: number, base = 0) => Int16Array.from({ length: n }, (_, i) => base + Math.floor(i / 160));

describe('Player', () => {
  it('sends 20 ms frames in order at real-time pace, a little ahead of their play time', async () => {
    const s = sink();
    const p = new Player(s);
    const t0 = performance.now();
    const r = await p.enqueue(ramp(160 * 30), 'greeting'); // 600 ms of audio
    expect(r.completed).toBe(true);
    expect(s.frames.map((f) => f.first)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const span = s.frames[29].at - s.frames[0].at;
    expect(span).toBeGreaterThan(29 * FRAME_MS - LEAD_MS - 15);
    expect(span).toBeLessThan(29 * FRAME_MS + 60);
    expect(s.frames[0].at - t0).toBeLessThan(30);
    expect(s.marks).toEqual(['greeting']);
    expect(p.sent).toBe(30);
    expect(p.late).toBe(0);
  });

  it('plays queued items back to back, synthesising lazily one ahead', async () => {
    const s = sink();
    const p = new Player(s);
    const started: number[] = [];
    const item = (k: number) => () => {
      started.push(k);
      return Promise.resolve(ramp(160 * 5, k * 100));
    };
    const done = Promise.all([p.enqueue(item(1)), p.enqueue(item(2)), p.enqueue(item(3))]);
    await new Promise((r) => setTimeout(r, 5));
    expect(started).toEqual([1, 2]); // the third waits until the first has played
    await done;
    expect(started).toEqual([1, 2, 3]);
    expect(s.frames.map((f) => f.first)).toEqual([100, 101, 102, 103, 104, 200, 201, 202, 203, 204, 300, 301, 302, 303, 304]);
    // no gap between items: the 15 frames span 14 frame periods (minus the lead)
    expect(s.frames[14].at - s.frames[0].at).toBeLessThan(14 * FRAME_MS + 40);
  });

  it('stop() drops unsent audio, asks the far end to clear, and resolves waiters as interrupted', async () => {
    const s = sink();
    const p = new Player(s);
    const done = p.enqueue(ramp(160 * 100));
    await new Promise((r) => setTimeout(r, 200));
    expect(p.stop()).toBe(true);
    const r = await done;
    expect(r.completed).toBe(false);
    const n = s.frames.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(s.frames.length).toBe(n);
    expect(n).toBeLessThan(20);
    expect(s.clears.length).toBe(1);
    expect(p.stop()).toBe(false); // nothing playing: no second clear
    expect(s.clears.length).toBe(1);
  });

  it('counts frames that leave more than 40 ms after they were due', async () => {
    const s = sink();
    const p = new Player(s);
    const done = p.enqueue(ramp(160 * 20));
    await new Promise((r) => setTimeout(r, 30));
    const until = performance.now() + 150; // block the event loop for 150 ms
    while (performance.now() < until);
    await done;
    expect(p.late).toBeGreaterThan(0);
    expect(s.frames.length).toBe(20);
  });
});

describe('keyedOrderNo', () => {
  it('restores the dashes of 12348-YYYYMMDD-NNNNNN from keypad digits', () => {
    expect(keyedOrderNo('1234820261123000045')).toBe('12348-20261123-000045');
    expect(keyedOrderNo('20261123000045')).toBe('12348-20261123-000045');
    expect(keyedOrderNo('123')).toBe('123');
  });
});
