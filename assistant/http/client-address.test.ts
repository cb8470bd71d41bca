import { request, type Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressOf, clientAddress } from './client-address';

describe('addressOf', () => {
  it('uses the socket address when no proxy is trusted, whatever the header says', () => {
    expect(addressOf('10.0.0.5', { 'x-forwarded-for': '1.2.3.4' }, 0)).toBe('10.0.0.5');
  });

  it('takes the entry the trusted proxy appended, not what the client wrote', () => {
    // client forged "6.6.6.6"; nginx appended the real 203.0.113.7
    expect(addressOf('127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' }, 1)).toBe('203.0.113.7');
    // two proxies (CDN → nginx): the CDN saw 198.51.100.2, nginx appended the CDN's address
    expect(addressOf('127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 198.51.100.2, 192.0.2.10' }, 2)).toBe('198.51.100.2');
  });

  it('falls back to the socket without the header, and clamps a short list', () => {
    expect(addressOf('127.0.0.1', {}, 1)).toBe('127.0.0.1');
    expect(addressOf('127.0.0.1', { 'x-forwarded-for': '203.0.113.7' }, 3)).toBe('203.0.113.7');
    expect(addressOf(undefined, {}, 0)).toBe('unknown');
  });
});

describe('clientAddress on a real server', () => {
  let server: ReturnType<typeof serve>;
  let port = 0;
  beforeAll(async () => {
    const app = new Hono();
    app.get('/who', (c) => c.text(`${clientAddress(c, 0)}|${clientAddress(c, 1)}`));
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
        port = info.port;
        resolve();
      });
    });
  });
  afterAll(() => new Promise<void>((r) => (server as unknown as Server).close(() => r())));

  it('reads the socket and the header of the incoming request', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/who', headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' } }, (res) => {
        let s = '';
        res.on('data', (d) => (s += d));
        res.on('end', () => resolve(s));
      });
      req.on('error', reject);
      req.end();
    });
    expect(body).toBe('127.0.0.1|203.0.113.7');
  });
});
