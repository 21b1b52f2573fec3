import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { EnvironmentVariables } from '../../src/platform/config/config';

describe('docs', () => {
  it('docs/operations.md lists every configuration variable of the schema', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'operations.md'), 'utf8');
    const names = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(EnvironmentVariables, '', true, false)
        .map((m) => m.propertyName),
    );
    expect(names.size).toBeGreaterThan(10);
    const missing = [...names].filter((n) => !doc.includes(`| \`${n}\` |`));
    expect(missing).toEqual([]);
  });
});
