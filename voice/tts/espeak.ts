// espeak-ng as a child process (default engine). The `cmn-latn-pinyin` voice reads Chinese
// characters and digits with Mandarin phonemes; it runs on another core so the event loop that
// paces outgoing audio is never blocked. Installed by the OS package `espeak-ng`.
import { execFileSync, spawn } from 'node:child_process';
import { readWav } from '../audio/wav';
import { TtsError, type Synthesizer } from './types';

export interface EspeakOptions {
  voice?: string;
  /** Words per minute (espeak default 175; 160 is easier on a phone line). */
  speed?: number;
  binary?: string;
}

/** Throws a TtsError when the binary or the voice is missing. */
export function checkEspeak(opts: EspeakOptions = {}): string {
  const bin = opts.binary ?? 'espeak-ng';
  try {
    const v = execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 5000 });
    const voices = execFileSync(bin, ['--voices=cmn'], { encoding: 'utf8', timeout: 5000 });
    const voice = opts.voice ?? 'cmn-latn-pinyin';
    if (!voices.split('\n').some((l) => l.split(/\s+/).includes(voice))) throw new TtsError(`espeak-ng voice ${voice} not installed`);
    return v.trim().split('\n')[0];
  } catch (e) {
    if (e instanceof TtsError) throw e;
    throw new TtsError(`espeak-ng not available (${bin}): ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function espeakSynthesizer(opts: EspeakOptions = {}): Synthesizer {
  const bin = opts.binary ?? 'espeak-ng';
  const voice = opts.voice ?? 'cmn-latn-pinyin';
  const speed = String(opts.speed ?? 160);
  return {
    name: 'espeak',
    synthesize(text, signal) {
      return new Promise((resolve, reject) => {
        // text goes on stdin, never on the command line (no length limit, nothing in `ps`)
        const p = spawn(bin, ['-v', voice, '-s', speed, '--stdout'], { stdio: ['pipe', 'pipe', 'pipe'], signal });
        const chunks: Buffer[] = [];
        let err = '';
        p.stdout.on('data', (c: Buffer) => chunks.push(c));
        p.stderr.on('data', (c: Buffer) => (err += c.toString()));
        p.on('error', (e) => reject(new TtsError(`espeak-ng failed: ${e.message}`)));
        p.on('close', (code) => {
          if (code !== 0) return reject(new TtsError(`espeak-ng exited ${code}: ${err.trim()}`));
          try {
            resolve(readWav(Buffer.concat(chunks)));
          } catch (e) {
            reject(new TtsError(`espeak-ng output unreadable: ${(e as Error).message}`));
          }
        });
        p.stdin.end(text);
      });
    },
  };
}
