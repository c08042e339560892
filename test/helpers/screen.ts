/** What a terminal shows after a stream of output: for checking the layout of what the CLI draws. */

/**
 * The lines a terminal shows after `raw` (its scrollback included), replaying what the CLI sends:
 * text, carriage return and line feed (a new line at the margin, as a terminal's ONLCR does), cursor moves (CSI A B C D G), erasing (CSI K, CSI J);
 * colours and other sequences change no text. Unlike a terminal it never wraps a long line:
 * a line wider than the terminal stays one line, so a test sees it. One column per code point
 * (the wizard's screens in the tests hold no wide characters).
 */
export function screenLines(raw: string): string[] {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  const line = () => (rows[row] ??= []);
  const tokens = /\u001b\[([?0-9;]*)([A-Za-z@])|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[^[\]]|[\s\S]/gu;
  for (const m of raw.matchAll(tokens)) {
    const [token, params, final] = m;
    if (final !== undefined) {
      const n = Math.max(1, Number(params!.replace(/^\?/, '').split(';')[0]) || 1);
      if (params!.startsWith('?')) continue;
      if (final === 'A') row = Math.max(0, row - n);
      else if (final === 'B') row += n;
      else if (final === 'C') col += n;
      else if (final === 'D') col = Math.max(0, col - n);
      else if (final === 'G') col = n - 1;
      else if (final === 'K') {
        const mode = Number(params) || 0;
        const l = line();
        if (mode === 0) l.length = Math.min(l.length, col);
        else if (mode === 1) for (let i = 0; i <= col && i < l.length; i++) l[i] = ' ';
        else l.length = 0;
      } else if (final === 'J' && (Number(params) || 0) === 0) {
        line().length = Math.min(line().length, col);
        rows.length = row + 1;
      }
      continue;
    }
    if (token.startsWith('\u001b')) continue;
    if (token === '\r') col = 0;
    else if (token === '\n') {
      // A terminal's output processing (ONLCR, kept in raw mode too) returns the carriage as well.
      row += 1;
      col = 0;
    } else if (token === '\b') col = Math.max(0, col - 1);
    else if (token === '\t') col = (Math.floor(col / 8) + 1) * 8;
    else if (token >= ' ') {
      const l = line();
      while (l.length < col) l.push(' ');
      l[col] = token;
      col += 1;
    }
  }
  return Array.from({ length: rows.length }, (_, i) => (rows[i] ?? []).join('').trimEnd());
}

/** The boxes (clack notes) on a screen: from the `◇ title ─╮` line to the `├─╯` line. An unclosed box ends at the screen's end. */
export function boxesOn(lines: readonly string[]): string[][] {
  const found: string[][] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^◇ .*╮$/.test(lines[i]!)) continue;
    const end = lines.findIndex((l, k) => k > i && /^├─+╯$/.test(l));
    found.push(lines.slice(i, end === -1 ? undefined : end + 1));
  }
  return found;
}

/**
 * The command printed under a line that ends with `header` (the header may be wrapped over
 * lines): its lines joined as the shell joins them (` \` continues on the next line; a
 * trailing `\` with no space joins a word split across lines).
 */
export function commandUnder(lines: readonly string[], header: string): string | undefined {
  const flat = lines.map((l) => `${l}\n`);
  for (let i = 0; i < lines.length; i++) {
    // The header ends on line i when the lines up to it, joined with spaces, end with it.
    const tail = flat
      .slice(Math.max(0, i - 3), i + 1)
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (!tail.endsWith(header)) continue;
    let command = '';
    for (let k = i + 1; k < lines.length; k++) {
      const l = lines[k]!;
      if (l.endsWith(' \\')) command += `${l.slice(0, -2).trim()} `;
      else if (l.endsWith('\\')) command += l.slice(0, -1).trimStart();
      else {
        command += l.trim();
        break;
      }
    }
    return command;
  }
  return undefined;
}
