/**
 * Which command's code cache a run uses (src/compile-cache.ts cacheKeyOf): the command as
 * src/args.ts reads it, so a cache written by one command never serves another.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS, parseArgs } from '../../src/args.js';
import { cacheKeyOf } from '../../src/compile-cache.js';

describe('the code cache of each command', () => {
  it('every command has its own, named as args.ts names it (no command is called "node", Node\'s own folder)', () => {
    for (const command of COMMANDS) expect(cacheKeyOf([command])).toBe(command);
    expect(COMMANDS as readonly string[]).not.toContain('node');
    expect(COMMANDS as readonly string[]).not.toContain('other');
  });

  it.each([
    [['estimate', '--format', 'json', '--usage', 'u.json'], 'estimate'],
    [['generate', '--platform', 'fly'], 'generate'],
    [[], 'wizard'],
    [['--tier', 'local', '--yes'], 'wizard'],
    [['--help'], 'help'],
    [['estimate', '--help'], 'help'],
    [['-h'], 'help'],
    [['--version'], 'help'],
  ])('%j: %s, the command args.ts runs (help and version share one)', (argv, key) => {
    expect(cacheKeyOf(argv)).toBe(key);
    const parsed = parseArgs(argv).command;
    expect(parsed === 'version' ? 'help' : parsed).toBe(key);
  });

  it('an unknown command (an error) is "other", never a folder named after what was typed', () => {
    expect(cacheKeyOf(['estimat'])).toBe('other');
    expect(cacheKeyOf(['../../etc'])).toBe('other');
    expect(() => parseArgs(['estimat'])).toThrow(/Unknown command/);
  });
});
