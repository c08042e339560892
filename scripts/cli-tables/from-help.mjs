#!/usr/bin/env node
// Writes a stand-in table for a getopt-style program (psql, pg_dump, pg_restore, curl) from the
// installed binary's own help text: node scripts/cli-tables/from-help.mjs psql > psql.json
import { execFileSync } from 'node:child_process';

const program = process.argv[2];
const helpArgs = { curl: ['--help', 'all'] }[program] ?? ['--help'];
const run = (args) => execFileSync(program, args, { encoding: 'utf8' });
const help = run(helpArgs);
const version = run(['--version']).split('\n')[0].trim();
const flags = [];
// "  -f, --file=FILENAME", "      --no-owner", " -d, --data <data>", "  -w, --no-password"
for (const line of help.split('\n')) {
  const m = /^\s{1,8}(?:-([A-Za-z0-9?#]),?\s*)?(?:--([a-z0-9][\w-]*))?(\[?=[^\s\]]+\]?|\s+<[^>]+>|\s+[A-Z][A-Z_]+\b(?=\s{2,}|$))?/.exec(line);
  if (!m || (!m[1] && !m[2])) continue;
  const value = m[3] ?? '';
  flags.push({
    name: m[2] ?? null,
    short: m[1] ?? null,
    takesValue: value !== '' && !value.startsWith('['),
    ...(value.startsWith('[') ? { optionalValue: true } : {}),
  });
}
const errors = {
  curl: {
    unknownFlag: { stderr: "curl: option {flag}: is unknown\ncurl: try 'curl --help' for more information", exitCode: 2 },
    missingValue: { stderr: "curl: option {flag}: requires parameter\ncurl: try 'curl --help' for more information", exitCode: 2 },
  },
}[program] ?? {
  unknownFlag: { stderr: `${program}: unrecognized option '{flag}'\n${program}: hint: Try "${program} --help" for more information.`, exitCode: 1 },
  unknownShorthand: { stderr: `${program}: invalid option -- '{short}'\n${program}: hint: Try "${program} --help" for more information.`, exitCode: 1 },
  missingValue: { stderr: `${program}: option '{flag}' requires an argument\n${program}: hint: Try "${program} --help" for more information.`, exitCode: 1 },
};
const table = {
  generatedBy: `scripts/cli-tables/from-help.mjs ${program}`,
  cli: program,
  programs: [program],
  style: 'getopt',
  source: { program, version, from: `${program} ${helpArgs.join(' ')}` },
  errors: { ...errors, library: 'GNU getopt_long messages (as the program prints them)' },
  globalFlags: flags,
  root: { flags: [], subcommands: {}, positionals: -1 },
};
process.stdout.write(`${JSON.stringify(table, null, 1)}\n`);
