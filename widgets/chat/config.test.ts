import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

describe('widget config from data- attributes', () => {
  it('derives the server from the script src and defaults the rest', () => {
    const c = readConfig({}, 'https://law.example.cn/widget.js', 'https://www.12348.gov.cn/page');
    expect(c.server).toBe('https://law.example.cn');
    expect(c.wsUrl).toBe('wss://law.example.cn/ws/chat');
    expect(c.position).toBe('right');
    expect(c.open).toBe(false);
    expect(c.title).toContain('12348');
  });
  it('reads explicit attributes and rejects unsafe values', () => {
    const c = readConfig(
      { server: 'http://127.0.0.1:9000', position: 'left', open: '', largeText: 'true', color: 'red;}body{', phone: '138-0013-8000', title: '某市12348' },
      null,
      'http://host.test/',
    );
    expect(c.wsUrl).toBe('ws://127.0.0.1:9000/ws/chat');
    expect(c.position).toBe('left');
    expect(c.open).toBe(true);
    expect(c.largeText).toBe(true);
    expect(c.color).toBe('#b4121b');
    expect(c.phone).toBe('13800138000');
    expect(c.title).toBe('某市12348');
  });
});
