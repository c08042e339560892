/** Issue 12, "confusing": one name rule for the wizard and --services; floating tags flagged; an API never a DigitalOcean worker. */

import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { parseArgs } from '../../src/args.js';
import { parseImage, unpinnedTag } from '../../src/compose/images.js';
import { UsageError } from '../../src/errors.js';
import { validateServiceName } from '../../src/ui/wizard/questions.js';
import { generateFor } from '../helpers/generate.js';

const flagProblem = (value: string): string | undefined => {
  try {
    parseArgs(['estimate', '--services', value]);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
};

describe('service names: the same rule in the wizard and in --services', () => {
  it.each([['Bad Name!'], ['-web'], ['we b'], ['x'.repeat(64)], ['né']])('%j is refused by both', (name) => {
    expect(validateServiceName(name, [])).toBeDefined();
    expect(flagProblem(`${name}:web:512`)).toBe(`--services: the service name should be ${validateServiceName(name, [])}.`);
  });

  it('a duplicate is refused by both', () => {
    expect(validateServiceName('web', ['web'])).toBe('a name not already used, not "web" twice');
    expect(flagProblem('web:web:512,web:worker:256')).toBe('--services: the service name should be a name not already used, not "web" twice.');
  });

  it.each([['web'], ['api_v2'], ['jobs.worker'], ['A1-b']])('%j is accepted by both', (name) => {
    expect(validateServiceName(name, [])).toBeUndefined();
    expect(flagProblem(`${name}:web:512`)).toBeUndefined();
  });
});

describe('floating tags', () => {
  it.each([['ghcr.io/acme/app:main-latest'], ['acme/app:nightly'], ['acme/app:stable-alpine'], ['acme/app:latest-gpu'], ['acme/app:dev']])(
    '%s is flagged',
    (image) => {
      expect(unpinnedTag(parseImage(image)!)).toMatch(/floating tag/);
    },
  );
  it.each([['nginx:1.27-alpine'], ['acme/app:main-20241201'], ['acme/app:v2.3.1'], ['python:3.12-slim'], ['acme/app:sha-1a2b3c']])('%s is not', (image) => {
    expect(unpinnedTag(parseImage(image)!)).toBeNull();
  });
});

describe('DigitalOcean', () => {
  it('an api or web service without a port is a service (routed), never a worker', async () => {
    const { files } = await generateFor('digitalocean', {
      services: [
        { name: 'api', role: 'api', memoryMb: 512 },
        { name: 'jobs', role: 'worker', memoryMb: 512 },
      ],
    });
    const spec = YAML.parse(files.find((f) => f.path === '.do/app.yaml')!.contents) as { services?: { name: string }[]; workers?: { name: string }[] };
    expect(spec.services?.map((s) => s.name)).toEqual(['api']);
    expect(spec.workers?.map((s) => s.name)).toEqual(['jobs']);
  });
});
