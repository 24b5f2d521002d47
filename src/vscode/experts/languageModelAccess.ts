/**
 * The slice of VS Code's language-model API an expert needs, in plain types: the client depends on
 * this interface (and can be tested in Node), `bindVscodeLanguageModels` implements it with `vscode.lm`.
 */
export interface LmMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface LmSelector {
  vendor?: string;
  id?: string;
  family?: string;
}

export interface LmSendOptions {
  justification: string;
  modelOptions?: Record<string, unknown>;
}

export interface LmModelHandle {
  id: string;
  name: string;
  vendor: string;
  family: string;
  maxInputTokens: number;
  /** Starts a request; the returned iterable yields text fragments. Aborting `signal` cancels it. */
  send(messages: LmMessage[], options: LmSendOptions, signal: AbortSignal): Promise<AsyncIterable<string>>;
}

export interface LanguageModelAccess {
  select(selector: LmSelector): Promise<LmModelHandle[]>;
}
