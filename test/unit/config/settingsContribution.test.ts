import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../../src/common/config/defaults';
import { ConfigShape } from '../../../src/common/config/schema';
import { buildSettingsContribution, RESTRICTED_SETTINGS } from '../../../src/common/config/settingsContribution';

const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));

describe('package.json settings', () => {
  it('declares exactly the schema keys with the schema defaults (run "npm run gen:settings" after a change)', () => {
    const declared = pkg.contributes.configuration.properties as Record<string, { default: unknown }>;
    assert.deepEqual(Object.keys(declared).sort(), Object.keys(ConfigShape).map((k) => `coe.${k}`).sort());
    for (const [key, value] of Object.entries(DEFAULT_CONFIG)) {
      assert.deepEqual(declared[`coe.${key}`].default, value, `default of coe.${key}`);
    }
    assert.deepEqual(pkg.contributes.configuration, buildSettingsContribution());
  });

  it('the shipped defaults are themselves valid under the schema', () => {
    for (const [key, schema] of Object.entries(ConfigShape)) {
      assert.ok(schema.safeParse(DEFAULT_CONFIG[key as keyof typeof DEFAULT_CONFIG]).success, key);
    }
  });

  it('restricts endpoint-changing settings in untrusted workspaces', () => {
    assert.deepEqual(
      pkg.capabilities.untrustedWorkspaces.restrictedConfigurations,
      RESTRICTED_SETTINGS.map((k) => `coe.${k}`),
    );
    assert.ok(RESTRICTED_SETTINGS.includes('experts'));
  });
});
