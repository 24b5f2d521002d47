/**
 * Plain form fields themed with --vscode-* variables, for views that need numbers or a checkbox (the
 * toolkit wrappers in components.ts cover buttons, dropdowns and text areas only).
 */
export interface NumberFieldOptions {
  label: string;
  value: number;
  /** Stable hook for tests and for showing a validation error next to the field. */
  name: string;
  step?: number;
  min?: number;
  unit?: string;
  title?: string;
}

export interface NumberField {
  element: HTMLElement;
  input: HTMLInputElement;
  /** NaN when the text is not a number: validation is the host's job, the field only reports it. */
  read(): number;
  setError(message: string | null): void;
}

export function numberField(options: NumberFieldOptions): NumberField {
  const element = document.createElement('label');
  element.className = 'field';
  if (options.title) element.title = options.title;
  const caption = document.createElement('span');
  caption.className = 'field-label';
  caption.textContent = options.unit ? `${options.label} (${options.unit})` : options.label;
  const input = document.createElement('input');
  input.type = 'number';
  input.name = options.name;
  input.value = String(options.value);
  input.step = options.step !== undefined ? String(options.step) : 'any';
  if (options.min !== undefined) input.min = String(options.min);
  const error = document.createElement('span');
  error.className = 'field-error';
  error.setAttribute('role', 'alert');
  element.append(caption, input, error);
  return {
    element,
    input,
    read: () => (input.value.trim() === '' ? Number.NaN : Number(input.value)),
    setError(message) {
      error.textContent = message ?? '';
      input.toggleAttribute('aria-invalid', message !== null);
      element.classList.toggle('invalid', message !== null);
    },
  };
}

export function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void, name?: string): HTMLElement {
  const element = document.createElement('label');
  element.className = 'checkbox';
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.checked = checked;
  if (name) input.name = name;
  input.addEventListener('change', () => onChange(input.checked));
  const text = document.createElement('span');
  text.textContent = label;
  element.append(input, text);
  return element;
}

/** A native select: unlike the toolkit dropdown it can be re-filled cheaply on every update. */
export function select(options: { value: string; label: string }[], value: string, onChange: (value: string) => void, name?: string): HTMLSelectElement {
  const element = document.createElement('select');
  if (name) element.name = name;
  for (const option of options) {
    const item = document.createElement('option');
    item.value = option.value;
    item.textContent = option.label;
    element.appendChild(item);
  }
  element.value = value;
  element.addEventListener('change', () => onChange(element.value));
  return element;
}
