// Tiny DOM helpers: build elements, labelled fields with their error slot, announcements.

export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key === 'text') element.textContent = value;
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key in element && typeof value !== 'string') element[key] = value;
    else element.setAttribute(key, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A server field path (`account.contact.email`) as an element id. */
export function fieldId(path) {
  return `f-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;
}

/**
 * A labelled control with a hint and an error slot, both tied to it through aria-describedby.
 * `path` is the API's field name, so server errors land next to the right control.
 */
export function field({
  path,
  label,
  type = 'text',
  value = '',
  hint,
  required = false,
  autocomplete,
  inputmode,
  options,
  suffix,
  attributes = {},
}) {
  const id = fieldId(path);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, errorId].filter(Boolean).join(' ');
  const control = options
    ? h(
        'select',
        { id, name: path, 'data-field': path, 'aria-describedby': describedBy, required },
        options.map(([optionValue, text]) => h('option', { value: optionValue, selected: optionValue === value }, text)),
      )
    : h('input', {
        id,
        name: path,
        type,
        value: value ?? '',
        'data-field': path,
        'aria-describedby': describedBy,
        required,
        autocomplete,
        inputmode,
        ...attributes,
      });
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label, required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    suffix ? h('div', { class: 'with-suffix' }, control, h('span', { class: 'suffix', 'aria-hidden': 'true' }, suffix)) : control,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'error', id: errorId, 'data-error-for': path }),
  );
}

/** A group of radio buttons in a fieldset; the legend names it, the error sits under the options. */
export function radioGroup({ path, legend, options, value, hint, onchange }) {
  const id = fieldId(path);
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return h(
    'fieldset',
    { class: 'field choice', id, 'data-field': path, 'aria-describedby': [hint ? hintId : null, errorId].filter(Boolean).join(' ') },
    h('legend', {}, legend),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    options.map(([optionValue, text, detail, disabled]) =>
      h(
        'label',
        { class: `option${disabled ? ' disabled' : ''}` },
        h('input', {
          type: 'radio',
          name: path,
          value: optionValue,
          checked: optionValue === value,
          disabled: Boolean(disabled),
          onchange,
        }),
        h('span', {}, h('span', { class: 'option-title' }, text), detail ? h('span', { class: 'option-detail' }, detail) : null),
      ),
    ),
    h('p', { class: 'error', id: errorId, 'data-error-for': path }),
  );
}

export function checkbox({ path, label, checked, hint }) {
  const id = fieldId(path);
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return h(
    'div',
    { class: 'field check' },
    h('input', {
      type: 'checkbox',
      id,
      name: path,
      'data-field': path,
      checked: Boolean(checked),
      'aria-describedby': [hint ? hintId : null, errorId].filter(Boolean).join(' '),
    }),
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'error', id: errorId, 'data-error-for': path }),
  );
}

/** Shows `errors` ({ path: message }) next to their fields; returns the first invalid control. */
export function showErrors(root, errors) {
  for (const slot of root.querySelectorAll('[data-error-for]')) slot.textContent = '';
  for (const control of root.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  let first = null;
  for (const [path, message] of Object.entries(errors)) {
    const slot = root.querySelector(`[data-error-for="${CSS.escape(path)}"]`);
    if (!slot) continue;
    slot.textContent = message;
    const control = root.querySelector(`[data-field="${CSS.escape(path)}"]`);
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      first ??= control.matches('fieldset') ? control.querySelector('input:not([disabled])') : control;
    }
  }
  return first;
}

export function valueOf(root, path) {
  const control = root.querySelector(`[data-field="${CSS.escape(path)}"]`);
  if (!control) return undefined;
  if (control.matches('fieldset')) return control.querySelector('input:checked')?.value ?? null;
  if (control.type === 'checkbox') return control.checked;
  return control.value.trim();
}

export function announce(text) {
  const region = document.getElementById('announcer');
  region.textContent = '';
  // A fresh text node makes screen readers announce a repeated message too.
  requestAnimationFrame(() => (region.textContent = text));
}

/** Moves focus to the new view's heading, so keyboard and screen-reader users start at its top. */
export function focusHeading(root) {
  const heading = root.querySelector('h1');
  if (!heading) return;
  heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: false });
}
