/**
 * Thin wrappers over the @vscode/webview-ui-toolkit components we use. The toolkit is sunset
 * upstream: everything else in the webviews goes through these few functions, so replacing it
 * (with plain elements or another library) means editing this file only.
 */
import {
  provideVSCodeDesignSystem,
  vsCodeBadge,
  vsCodeButton,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeProgressRing,
  vsCodeTag,
  vsCodeTextArea,
} from '@vscode/webview-ui-toolkit';

let registered = false;

export function registerComponents(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(
    vsCodeBadge(), vsCodeButton(), vsCodeDropdown(), vsCodeOption(), vsCodeProgressRing(), vsCodeTag(), vsCodeTextArea(),
  );
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

export interface ButtonOptions {
  appearance?: 'primary' | 'secondary' | 'icon';
  title?: string;
  /** Stable hook for tests and CSS, e.g. "send". */
  action?: string;
}

export function button(label: string, onClick: () => void, options: ButtonOptions = {}): HTMLElement {
  const element = document.createElement('vscode-button');
  element.textContent = label;
  element.setAttribute('appearance', options.appearance ?? 'secondary');
  if (options.title) element.title = options.title;
  if (options.title) element.setAttribute('aria-label', options.title);
  if (options.action) element.dataset.action = options.action;
  element.addEventListener('click', onClick);
  return element;
}

/**
 * A plain <button> for places with many instances (every code block): toolkit buttons each carry a
 * shadow root and adopted styles, too costly to create at streaming speed.
 */
export function lightButton(label: string, onClick: () => void, options: ButtonOptions = {}): HTMLButtonElement {
  const element = el('button', 'light-button', label);
  element.type = 'button';
  if (options.title) element.title = options.title;
  if (options.action) element.dataset.action = options.action;
  element.addEventListener('click', onClick);
  return element;
}

export function setDisabled(element: HTMLElement, disabled: boolean): void {
  element.toggleAttribute('disabled', disabled);
}

export interface DropdownOption {
  value: string;
  label: string;
}

/** A dropdown; `placeholder` (value "") is shown first and selecting it does nothing. */
export function dropdown(options: DropdownOption[], onChange: (value: string) => void, placeholder?: string, action?: string): HTMLElement {
  const element = document.createElement('vscode-dropdown');
  if (action) element.dataset.action = action;
  const all = placeholder === undefined ? options : [{ value: '', label: placeholder }, ...options];
  for (const option of all) {
    const item = document.createElement('vscode-option');
    item.setAttribute('value', option.value);
    item.textContent = option.label;
    element.appendChild(item);
  }
  element.addEventListener('change', () => {
    const value = (element as HTMLElement & { value: string }).value;
    if (value !== '') onChange(value);
  });
  return element;
}

export function setDropdownValue(element: HTMLElement, value: string): void {
  (element as HTMLElement & { value: string }).value = value;
}

export function textArea(placeholder: string): HTMLElement & { value: string } {
  const element = document.createElement('vscode-text-area') as HTMLElement & { value: string };
  element.setAttribute('placeholder', placeholder);
  element.setAttribute('resize', 'vertical');
  element.setAttribute('rows', '3');
  return element;
}

export function tag(text: string, title?: string): HTMLElement {
  const element = document.createElement('vscode-tag');
  element.textContent = text;
  if (title) element.title = title;
  return element;
}

export function spinner(): HTMLElement {
  const element = document.createElement('vscode-progress-ring');
  element.className = 'spinner';
  return element;
}
