/**
 * Issue 12, item 4, for the wizard's own drawing: what it shows wraps at words at every width
 * from 40 columns, its boxes keep their borders, and no amount is cut. The width helpers first,
 * then the wizard drawn on a mock terminal of a given width (the pty tests run the built CLI).
 */
import { describe, expect, it } from 'vitest';
import { fit, textWidth, WORD_BREAK, wrapItems, wrapLines, wrapWithPrefix } from '../../src/ui/format.js';

describe('widths', () => {
  it('counts columns: colour codes none, wide characters and emoji two, marks none', () => {
    expect(textWidth('plain text')).toBe(10);
    expect(textWidth('\u001b[31mred\u001b[39m')).toBe(3);
    expect(textWidth('日本')).toBe(4);
    expect(textWidth('😀')).toBe(2);
    expect(textWidth('👨‍👩‍👧')).toBe(2);
    expect(textWidth('e\u0301')).toBe(1);
    expect(textWidth('café — ok')).toBe(9);
  });

  it('fit pads by columns, so wide names line up', () => {
    expect(fit('日本', 6)).toBe('日本  ');
    expect(textWidth(fit('日本語のなまえ', 6))).toBe(6);
    expect(fit('$12.50', 9, 'right')).toBe('   $12.50');
  });
});

describe('wrapping', () => {
  const words = (lines: readonly string[]) => lines.join(' ').split(/\s+/).filter(Boolean);

  it('wraps at spaces, every line within the width, words whole and in order', () => {
    const text = 'stackfare: price your stack, then write its deployment files';
    for (let width = 10; width <= 70; width++) {
      const lines = wrapLines(text, width);
      for (const l of lines) expect(textWidth(l), `${width}: ${l}`).toBeLessThanOrEqual(width);
      expect(words(lines)).toEqual(words([text]));
    }
  });

  it('keeps its own line breaks, a line\'s indent and the spaces inside a line', () => {
    expect(wrapLines('new        a.txt\n\n  indented words here', 16)).toEqual(['new        a.txt', '', '  indented words', 'here']);
  });

  it('breaks a word wider than the line visibly, each part ending in the mark', () => {
    const path = 'deploy/a-really-long-directory-name/and/a/file.Dockerfile';
    const lines = wrapLines(`new ${path}`, 20);
    expect(lines[0]).toBe('new');
    for (const l of lines) expect(textWidth(l)).toBeLessThanOrEqual(20);
    for (const l of lines.slice(1, -1)) expect(l.endsWith(WORD_BREAK)).toBe(true);
    expect(lines.slice(1).join('').replaceAll(WORD_BREAK, '')).toBe(path);
  });

  it('counts wide characters as two columns', () => {
    const lines = wrapWithPrefix('日本語のテキストはとても長いのでここで折り返す', 20, '│  ');
    for (const l of lines) expect(textWidth(l)).toBeLessThanOrEqual(20);
    expect(lines.join('').replaceAll('│  ', '').replaceAll(WORD_BREAK, '')).toBe('日本語のテキストはとても長いのでここで折り返す');
  });

  it('items break between items where they can', () => {
    expect(wrapItems(['$63.25 a month', '4–8 h', 'multi-user: no', 'backups: managed (volume backups)'], 36)).toEqual([
      '$63.25 a month · 4–8 h ·',
      'multi-user: no ·',
      'backups: managed (volume backups)',
    ]);
  });
});
