// What the activation shell registers up front, read from package.json as VS Code passed it to us
// (context.extension.packageJSON): no file read, and nothing to keep in sync by hand.

/** Commands that no menu or palette lists but that other features and automation run by id. */
export const INTERNAL_COMMANDS: readonly string[] = ['coe.rerouteDecision'];

interface ManifestShape {
  contributes?: {
    commands?: { command?: unknown }[];
    views?: Record<string, { id?: unknown; type?: unknown }[]>;
  };
}

/** Every command the features register: package.json's `contributes.commands` and the internal ones. */
export function shellCommandIds(manifest: unknown): string[] {
  const commands = (manifest as ManifestShape | undefined)?.contributes?.commands ?? [];
  const contributed = commands.map((c) => c.command).filter((id): id is string => typeof id === 'string');
  return [...new Set([...contributed, ...INTERNAL_COMMANDS])];
}

/** Ids of the webview views in package.json's `contributes.views`, in every view container. */
export function contributedWebviewViews(manifest: unknown): string[] {
  const containers = (manifest as ManifestShape | undefined)?.contributes?.views ?? {};
  return Object.values(containers)
    .flat()
    .filter((view) => view.type === 'webview' && typeof view.id === 'string')
    .map((view) => view.id as string);
}
