// Writes package.json contributes.configuration and the untrusted-workspace restrictions from the zod schema.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSettingsContribution, RESTRICTED_SETTINGS } from '../src/common/config/settingsContribution';

const file = path.join(__dirname, '..', 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
pkg.contributes = { ...pkg.contributes, configuration: buildSettingsContribution() };
pkg.capabilities = {
  ...pkg.capabilities,
  untrustedWorkspaces: {
    supported: 'limited',
    description: 'In an untrusted workspace, workspace settings cannot change expert endpoints, headers, the routing table or the router model.',
    restrictedConfigurations: RESTRICTED_SETTINGS.map((k) => `coe.${k}`),
  },
};
writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
