/** Command lines read as a shell reads them: the words of one line, and the lines of a Markdown file's code blocks. */

/**
 * Words of one command line as a POSIX shell splits them (single and double quotes, backslash
 * escapes, no expansion: `"$VAR"` stays text): compose commands, and the commands of DEPLOY.md,
 * where an unquoted `#` at the start of a word begins a comment.
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) {
        i += 1;
        word += line[i]!;
      } else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '#' && !inWord) {
      break;
    } else if (ch === '\\' && i + 1 < line.length) {
      i += 1;
      word += line[i]!;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** The command lines of a Markdown file's fenced code blocks. */
export function codeLines(markdown: string): string[] {
  const out: string[] = [];
  let inBlock = false;
  for (const raw of markdown.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('```')) {
      inBlock = !inBlock;
      continue;
    }
    if (inBlock && line !== '') out.push(line);
  }
  return out;
}
