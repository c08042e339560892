/** Issue 12, item 4: control characters in names and data are escaped on output, never sent raw. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pricing from '../../data/pricing.json' with { type: 'json' };
import { cleanStrings, escapeControls, terminalSafeJson } from '../../src/ui/format.js';
import { runCli } from '../helpers/in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'stackfare-terminal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ESC [31m (red), OSC 0 (window title) ended by BEL, a C1 CSI, and a right-to-left override.
const HOSTILE = 'Rail\u001b[31mway\u001b]0;pwned\u0007\u009b2J\u202e';
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;

describe('escaping', () => {
  it('shows every control character as text, and leaves ordinary text alone', () => {
    expect(escapeControls(HOSTILE)).toBe('Rail\\x1b[31mway\\x1b]0;pwned\\x07\\x9b2J\\u202e');
    expect(escapeControls('a\nb')).toBe('a\\x0ab');
    expect(escapeControls('café 😀 — ok')).toBe('café 😀 — ok');
    expect(cleanStrings({ a: [HOSTILE], n: 1 })).toEqual({ a: [escapeControls(HOSTILE)], n: 1 });
    expect(JSON.parse(terminalSafeJson(JSON.stringify({ name: HOSTILE })))).toEqual({ name: HOSTILE });
  });
});

describe('price-book strings reach the terminal escaped', () => {
  const book = structuredClone(pricing) as typeof pricing;
  book.platforms.railway.name = HOSTILE;
  book.platforms.railway.tagline = `easy\u001b[2J`;
  writeFileSync(join(dir, 'book.json'), JSON.stringify(book));

  it.each([['table'], ['markdown']])('--format %s', async (format) => {
    const r = await runCli(['estimate', '--pricing', 'book.json', '--format', format], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('Rail\\x1b[31mway');
  });

  it('--format json keeps the full value, with no raw C1 control', async () => {
    const r = await runCli(['estimate', '--pricing', 'book.json', '--format', 'json'], dir);
    expect(r.stdout).not.toMatch(RAW);
    expect(JSON.parse(r.stdout).estimates[0].name).toBe(HOSTILE);
  });
});

describe('compose names reach the terminal escaped', () => {
  it('import and its errors', async () => {
    writeFileSync(join(dir, 'compose.yaml'), `services:\n  "we\\e[31mb":\n    image: "nginx:1.27\\e]0;pwned\\a"\n`);
    for (const format of ['table', 'markdown', 'json']) {
      const r = await runCli(['import', 'compose.yaml', '--format', format], dir);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(RAW);
      expect(r.stdout).toMatch(format === 'json' ? /we\\u001b\[31mb/ : /we\\x1b\[31mb/);
    }
  });
});
