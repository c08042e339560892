/**
 * Issue 12, item 4, for the wizard's own drawing: what it shows wraps at words at every width
 * from 40 columns, its boxes keep their borders, and no amount is cut. The width helpers first,
 * then the wizard drawn on a mock terminal of a given width (the pty tests run the built CLI).
 */
import { describe, expect, it } from 'vitest';
import { type AnswersInput, AnswersSchema, type PlatformId } from '../../src/core/answers.js';
import { diffReports } from '../../src/core/diff.js';
import { usd } from '../../src/core/number-format.js';
import type { StackSource } from '../../src/core/stack.js';
import { UserError } from '../../src/errors.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { PLATFORMS } from '../../src/platforms/index.js';
import { fit, textWidth, WORD_BREAK, wrapItems, wrapLines, wrapWithPrefix } from '../../src/ui/format.js';
import { renderDiffText } from '../../src/ui/print/diff.js';
import { showNote } from '../../src/ui/wizard/prompt.js';
import { estimateFor, type PlannedFiles, runWizard } from '../../src/ui/wizard/run-wizard.js';
import { createSpinner } from '../../src/ui/wizard/spinner.js';
import { boxesOn } from '../helpers/screen.js';
import { KEY, MockTerminal } from '../ui/mock-terminal.js';

describe('widths', () => {
  it('counts columns: colour codes none, wide characters and emoji two, marks none', () => {
    expect(textWidth('plain text')).toBe(10);
    expect(textWidth('\u001b[31mred\u001b[39m')).toBe(3);
    // Without the segmenter (no joining characters) and with it: the same widths as a terminal's.
    expect(textWidth('$1–2 × 3 … €')).toBe(12);
    expect(textWidth('中文 ok')).toBe(7);
    expect(textWidth('e\u0301')).toBe(1);
    expect(textWidth('🇫🇷')).toBe(2);
    expect(textWidth('👍🏽')).toBe(2);
    expect(textWidth('👩\u200d💻')).toBe(2);
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

  it("keeps its own line breaks, a line's indent and the spaces inside a line", () => {
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

function expectBoxesWhole(lines: readonly string[]) {
  const all = boxesOn(lines);
  expect(all.length).toBeGreaterThan(0);
  for (const box of all) {
    expect(box.at(-1), box.join('\n')).toMatch(/^├─+╯$/);
    const width = textWidth(box[0]!);
    for (const l of box) expect(textWidth(l), `${l}\nin\n${box.join('\n')}`).toBe(width);
    for (const l of box.slice(1, -1)) expect(l).toMatch(/^│ .*│$/);
  }
}

describe('notes', () => {
  const io = (columns: number) => {
    const term = new MockTerminal(columns);
    return { term, io: { input: term.input, output: term.output } };
  };

  it.each([40, 41, 47, 52, 60, 80])('at %i columns the box keeps its borders, its title and paths wrapped inside', (columns) => {
    const { term, io: wio } = io(columns);
    showNote(
      wio,
      [
        ['new        ', '.railway/railway.ts'],
        ['changed    ', 'deploy/a-rather-long-folder-name/with-a-long-file-name.Dockerfile'],
        ['new        ', 'データ/とても長いファイル名のファイル.yaml'],
      ],
      'railway files for the current folder, which has a long name',
    );
    const lines = term.lines().filter((l) => l !== '');
    for (const l of lines) expect(textWidth(l), l).toBeLessThanOrEqual(columns);
    expectBoxesWhole(lines);
    // Nothing lost: the title and each path read whole once the lines are joined again.
    const inside = lines.map((l) =>
      l
        .replace(/^[│◇├] ?\s*/, '')
        .replace(/[─╮╯│]+$/, '')
        .trim(),
    );
    const joined = inside.join(' ').replaceAll(`${WORD_BREAK} `, '').replace(/\s+/g, ' ');
    expect(joined).toContain('railway files for the current folder, which has a long name');
    expect(joined).toContain('deploy/a-rather-long-folder-name/with-a-long-file-name.Dockerfile');
    expect(joined).toContain('データ/とても長いファイル名のファイル.yaml');
  });
});

describe('the spinner', () => {
  it('wraps a long final message under its mark', () => {
    const term = new MockTerminal(40);
    const spin = createSpinner(term.output, true);
    spin.start('Estimating every platform of a stack with a long name');
    spin.stop('Estimated 6 platforms for a stack with a rather long name');
    const lines = term.lines().filter((l) => l !== '');
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(40);
    expect(lines.at(-2)).toMatch(/^◇ {2}Estimated 6 platforms/);
    expect(lines.at(-1)).toMatch(/^│ {2}\S/);
  });
});

describe.each([40, 47, 60, 80])('the wizard at %i columns', (columns) => {
  const book = builtinPriceBook();
  const longPath = 'deploy/services/reasoning-api/a-long-file-name-for-the-test.Dockerfile';
  const planFiles = async (_a: unknown, _s: StackSource | undefined, platform: PlatformId): Promise<PlannedFiles> => ({
    writes: [
      { file: { path: `${platform}.toml`, contents: 'x' }, target: `/x/${platform}.toml`, status: 'new' },
      { file: { path: longPath, contents: 'x' }, target: `/x/${longPath}`, status: 'unchanged' },
    ],
  });

  async function drawn(script: readonly (readonly [string, ...string[]])[], composeFiles: string[] = []) {
    const term = new MockTerminal(columns);
    const run = runWizard({
      input: term.input,
      output: term.output,
      preset: {},
      book,
      platforms: PLATFORMS,
      composeFiles,
      importCompose: async (file) => {
        throw new UserError(`${file}: services.app.image is missing; every service of a compose file needs an image or a build section`, {
          hint: 'Give every service an image or a build.',
        });
      },
      present: async () => 'VIEW\n',
      planFiles,
      force: false,
      dryRun: false,
      outLabel: 'the current folder',
      animate: false,
    });
    await term.answer(script);
    await run;
    return term.lines();
  }

  it('wraps every line it draws at words, with the guide, and keeps the note box whole', async () => {
    const lines = await drawn(
      [
        // The compose file cannot be read: its error is shown, then the built-in stack is chosen.
        ['The compose file compose.yaml', KEY.enter],
        ['build.', ''],
        ['What do you want to deploy?', KEY.up, KEY.enter],
        ['Where and for whom will it run?', KEY.enter],
        ['Keep the optional', KEY.enter],
        ['One shared Postgres instance', KEY.enter],
        ['reachable', 'nosuch', KEY.enter],
        ['not a service with a port', '\u007f'.repeat(6), KEY.enter],
        ['Which region?', KEY.enter],
        ['Custom domain', KEY.enter],
        ['How many hours', KEY.enter],
        ['What next?', KEY.enter],
        ['Which platform?', KEY.enter],
        ['Write 1 file', KEY.enter],
      ],
      ['compose.yaml'],
    );
    for (const l of lines) expect(textWidth(l), l).toBeLessThanOrEqual(columns);
    expectBoxesWhole(lines);
    const text = lines.join('\n');
    // Words of the intro, the questions, an error, the note and the tier hints: each on one line.
    for (const word of [
      'stackfare:',
      'deployment',
      'reachable',
      'comma-separated;',
      'internet?',
      'services.app.image',
      'build.',
      'current',
      'folder',
      'Postgres',
      'tools-api,',
    ]) {
      expect(
        lines.some((l) => l.includes(word)),
        word,
      ).toBe(true);
    }
    // The long question keeps the guide before each of its lines.
    const start = lines.findIndex((l) => l.includes('Which services are reachable'));
    const end = lines.findIndex((l, i) => i >= start && l.includes('them)'));
    expect(end).toBeGreaterThanOrEqual(start);
    for (const l of lines.slice(start, end + 1)) expect(l).toMatch(/^[◇◆▲│] {2}/);
    // Money in the tier hints is whole wherever it is shown.
    for (const m of text.matchAll(/\$[^\s]*/g)) expect(m[0]).toMatch(/^\$[0-9,]+\.[0-9]{2}(?:[–/][^\s]*)?/);
    expect(text).not.toContain('…');
  });
});

describe('the diff the wizard draws after "Change an answer"', () => {
  const book = builtinPriceBook();
  const dear = structuredClone(book);
  (dear.platforms.railway.usage.memory as { amount: string }).amount = '9999999';
  const all: AnswersInput = { platforms: ['railway', 'fly', 'render', 'digitalocean', 'local', 'kubernetes'] };
  const report = (input: AnswersInput, priceBook = book) => estimateFor(AnswersSchema.parse({ ...all, ...input }), undefined, priceBook, PLATFORMS).report;

  it.each([40, 47, 59, 60, 72, 80, 100])('at %i columns fits, and shows every amount and line-item name whole', (columns) => {
    for (const [before, after] of [
      [report({}), report({ phoenix: false })],
      [report({}, dear), report({ tier: 'multi-user', users: 100 }, dear)],
    ] as const) {
      const diff = diffReports(before, after, {
        before: { label: 'the previous answers', kind: 'answers' },
        after: { label: 'phoenix false', kind: 'answers' },
      });
      const text = renderDiffText(diff, { columns, color: false });
      const lines = text.split('\n');
      for (const l of lines) expect(textWidth(l), l).toBeLessThanOrEqual(columns);
      expect(text).not.toContain('…');
      for (const p of diff.platforms) {
        for (const amount of [p.before, p.after]) if (amount !== null) expect(text).toContain(usd(amount));
        for (const item of p.lineItems)
          expect(
            lines.some((l) => l.includes(item.name)),
            item.name,
          ).toBe(true);
      }
    }
  });
});
