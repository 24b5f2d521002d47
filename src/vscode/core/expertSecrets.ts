import type * as vscode from 'vscode';

/** API keys per expert, only ever in VS Code's SecretStorage (never settings, never logs). */
export class ExpertSecrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  private key(expertId: string): string {
    return `coe.apiKey.${expertId}`;
  }

  get(expertId: string): Thenable<string | undefined> {
    return this.storage.get(this.key(expertId));
  }

  set(expertId: string, apiKey: string): Thenable<void> {
    return this.storage.store(this.key(expertId), apiKey);
  }

  delete(expertId: string): Thenable<void> {
    return this.storage.delete(this.key(expertId));
  }

  onDidChange(listener: (expertId: string) => void): vscode.Disposable {
    return this.storage.onDidChange((e) => {
      if (e.key.startsWith('coe.apiKey.')) listener(e.key.slice('coe.apiKey.'.length));
    });
  }
}
