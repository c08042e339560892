import { describe, expect, it } from 'vitest';
import { FLAGS, parseArgs } from '../../src/args.js';
import { UsageError, UserError } from '../../src/errors.js';

describe('parseArgs', () => {
  it('maps flags to answers with their types', () => {
    const a = parseArgs([
      'estimate',
      '--tier',
      'multi-user',
      '--no-phoenix',
      '--db=separate',
      '--egress-gb',
      '50',
      '--users',
      '100,1_000,10000',
      '--platforms',
      'fly,render,fly',
      '--service',
      'reasoning-api:instances=2,memoryMb=1024',
      '--service',
      'litellm:vcpu=1',
    ]);
    expect(a.command).toBe('estimate');
    expect(a.answers).toEqual({
      tier: 'multi-user',
      phoenix: false,
      db: 'separate',
      egressGb: 50,
      users: [100, 1000, 10000],
      platforms: ['fly', 'render'],
      serviceOverrides: { 'reasoning-api': { instances: 2, memoryMb: 1024 }, litellm: { vcpu: 1 } },
    });
    expect(a.answerFlags.egressGb).toBe('--egress-gb');
  });
  it('takes a negative number as a value (so the schema can say why it is wrong)', () => {
    expect(parseArgs(['estimate', '--egress-gb', '-5']).answers.egressGb).toBe(-5);
  });
  it('no command means the wizard; --help and --version win', () => {
    expect(parseArgs([]).command).toBe('wizard');
    expect(parseArgs(['estimate', '--help']).command).toBe('help');
    expect(parseArgs(['--version']).command).toBe('version');
  });
  it('usage mistakes are UsageErrors (exit 2) with suggestions', () => {
    expect(() => parseArgs(['generat'])).toThrow(UsageError);
    const hint = (argv: string[]) => {
      try {
        parseArgs(argv);
      } catch (error) {
        return (error as UsageError).hint;
      }
      return undefined;
    };
    expect(hint(['estimate', '--regin', 'us-east'])).toMatch(/Did you mean "--region"/);
    expect(hint(['estimate', '--region', 'mars'])).toMatch(/Choices: us-east, us-west, eu-west, eu-central/);
    expect(() => parseArgs(['estimate', '--platform', 'fly'])).toThrow(/does not take --platform/);
    expect(() => parseArgs(['estimate', '--tier'])).toThrow(/needs a value/);
  });
  it('values of the wrong type are usage mistakes (exit 2), with an example that is valid', () => {
    const e = (() => {
      try {
        parseArgs(['estimate', '--instances', '1.5']);
      } catch (error) {
        return error;
      }
    })();
    expect(e).toBeInstanceOf(UserError);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).exitCode).toBe(2);
    expect((e as UsageError).hint).toBe('For example: --instances 2');
  });
  it('every flag that sets an answer has help text', () => {
    for (const f of FLAGS) expect(f.help.length).toBeGreaterThan(5);
  });
});

describe('groupThousands', () => {
  it('writes en-US thousands separators without Intl', async () => {
    const { groupThousands } = await import('../../src/core/number-format.js');
    expect([0, 999, 1000, 12000, 1234567, -5000].map(groupThousands)).toEqual(['0', '999', '1,000', '12,000', '1,234,567', '-5,000']);
  });
});
