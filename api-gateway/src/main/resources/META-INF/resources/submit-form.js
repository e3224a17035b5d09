// The "New job" form: kind, method, one image per input role, parameters built from the catalogue's defaults,
// bounds and text choices, validated as you type by POST /api/v1/params/validate, submitted as multipart
// POST /api/v1/jobs. Every kind (morphing, synthesis, transfer) and method comes from the catalogue alone; a method
// the catalogue marks unavailable (no worker serves it) is shown disabled with a note, never offered.

import { ApiError, call, newIdempotencyKey } from './api.js';
import { el, humanize, showProblems, clearProblems, formatBytes } from './view.js';

const VALIDATE_DELAY_MS = 250;
const SEED_HINT = 'empty: random';

export class SubmitForm {
  constructor(root, { onSubmitted, onUnauthorized }) {
    this.root = root;
    this.onSubmitted = onSubmitted;
    this.onUnauthorized = onUnauthorized;
    this.kindChoice = root.querySelector('#kind-choice');
    this.methodSelect = root.querySelector('#method');
    this.methodNote = root.querySelector('#method-note');
    this.rolesBox = root.querySelector('#input-roles');
    this.paramsBox = root.querySelector('#params-fields');
    this.paramsStatus = root.querySelector('#params-status');
    this.submitButton = root.querySelector('#submit-job');
    this.submitStatus = root.querySelector('#submit-status');
    this.formProblem = root.querySelector('#form-problem');
    this.files = new Map();
    this.previews = new Map();
    this.paramFields = [];
    this.validation = 0;
    this.idempotencyKey = null;
    root.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.methodSelect.addEventListener('change', () => this.showMethod());
  }

  /** Builds the form for the catalogue of GET /api/v1/methods. */
  load(catalog) {
    this.catalog = catalog;
    this.kindChoice.querySelector('#catalog-status').hidden = true;
    const remembered = localStorage.getItem('chimera.kind');
    const kinds = catalog.kinds.map((entry) => entry.kind);
    const initial = kinds.includes(remembered) ? remembered : kinds.includes('morphing') ? 'morphing' : kinds[0];
    for (const kind of kinds) {
      const radio = el('input', { type: 'radio', name: 'kind', value: kind, id: `kind-${kind}` });
      radio.checked = kind === initial;
      radio.addEventListener('change', () => this.showKind());
      this.kindChoice.append(el('span', { class: 'choice-item' }, radio,
        el('label', { for: `kind-${kind}` }, humanize(kind))));
    }
    this.showKind();
  }

  get kind() {
    return this.kindChoice.querySelector('input[name=kind]:checked').value;
  }

  get kindEntry() {
    return this.catalog.kinds.find((entry) => entry.kind === this.kind);
  }

  get methodEntry() {
    return this.kindEntry.methods.find((entry) => entry.method === this.methodSelect.value);
  }

  /** Whether the chosen method may be submitted: the gateway refuses one no worker serves. */
  get methodAvailable() {
    return isAvailable(this.methodEntry);
  }

  showKind() {
    localStorage.setItem('chimera.kind', this.kind);
    const entry = this.kindEntry;
    const available = entry.methods.filter(isAvailable).map((m) => m.method);
    const chosen = available.includes(entry.defaultMethod) ? entry.defaultMethod : available[0] ?? entry.defaultMethod;
    this.methodSelect.replaceChildren(...entry.methods.map((m) => {
      const option = el('option', { value: m.method }, isAvailable(m) ? m.method : `${m.method} (unavailable)`);
      option.disabled = !isAvailable(m);
      option.selected = m.method === chosen;
      return option;
    }));
    const unavailable = entry.methods.filter((m) => !isAvailable(m)).map((m) => m.method);
    this.methodNote.textContent = unavailable.length === 0 ? ''
      : `Unavailable now: ${unavailable.join(', ')}. No worker serves ${unavailable.length === 1 ? 'it' : 'them'}.`;
    this.methodNote.hidden = unavailable.length === 0;
    this.showMethod();
  }

  showMethod() {
    this.changed();
    clearProblems(this.root);
    this.formProblem.replaceChildren();
    this.submitButton.disabled = !this.methodAvailable;
    const method = this.methodEntry;
    this.showRoles(method.inputs);
    this.showParams(method);
    this.validate();
  }

  showRoles(roles) {
    const kept = new Map();
    for (const { role } of roles) {
      if (this.files.has(role)) {
        kept.set(role, this.files.get(role));
      }
    }
    this.files = kept;
    this.rolesBox.replaceChildren(...roles.map(({ role, required }) => this.dropZone(role, required)));
  }

  dropZone(role, required) {
    const id = `input-${role}`;
    const input = el('input', { type: 'file', id, name: role, accept: 'image/png,image/jpeg,image/gif,image/bmp,image/webp',
      'aria-describedby': `problem-inputs.${role} file-${role}` });
    const preview = el('img', { class: 'preview', alt: `${humanize(role)} preview`, hidden: '' });
    const fileInfo = el('span', { class: 'hint', id: `file-${role}` }, 'Drop an image here or choose a file');
    const zone = el('div', { class: 'drop', 'data-role': role },
      el('label', { for: id }, humanize(role), el('span', { class: 'tag' }, required ? 'required' : 'optional')),
      input, fileInfo, preview,
      el('p', { class: 'problem', id: `problem-inputs.${role}` }));
    const show = (file) => {
      if (this.previews.has(role)) {
        URL.revokeObjectURL(this.previews.get(role));
      }
      if (file) {
        this.files.set(role, file);
        const url = URL.createObjectURL(file);
        this.previews.set(role, url);
        preview.onload = () => {
          fileInfo.textContent = `${preview.naturalWidth} × ${preview.naturalHeight} px · ${formatBytes(file.size)}`;
        };
        preview.onerror = () => {
          fileInfo.textContent = `${formatBytes(file.size)} · this browser cannot show it`;
        };
        preview.src = url;
        preview.hidden = false;
        fileInfo.textContent = formatBytes(file.size);
      } else {
        this.files.delete(role);
        this.previews.delete(role);
        preview.removeAttribute('src');
        preview.hidden = true;
        fileInfo.textContent = 'Drop an image here or choose a file';
      }
      this.changed();
      clearProblems(zone);
      const limit = this.catalog.limits && this.catalog.limits.maxUploadBytes;
      if (file && limit && file.size > limit) {
        showProblems(zone, [{ field: `inputs.${role}`, message: `is larger than the upload limit of ${formatBytes(limit)}` }]);
      }
    };
    if (this.files.has(role)) {
      // A role the previous method also took keeps its image.
      const kept = new DataTransfer();
      kept.items.add(this.files.get(role));
      input.files = kept.files;
      queueMicrotask(() => show(input.files[0]));
    }
    input.addEventListener('change', () => show(input.files[0]));
    zone.addEventListener('dragover', (event) => {
      event.preventDefault();
      zone.classList.add('over');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      zone.classList.remove('over');
      if (event.dataTransfer.files.length > 0) {
        input.files = event.dataTransfer.files;
        show(input.files[0]);
      }
    });
    return zone;
  }

  showParams(method) {
    this.paramFields = [];
    const nodes = [];
    for (const name of method.required) {
      nodes.push(this.textField(name, '', true));
    }
    nodes.push(...this.fieldsOf(method.defaults, '', method.bounds, method.choices || {}));
    if (!('seed' in method.defaults)) {
      nodes.push(this.numberField('seed', null, { type: 'integer', min: 0 }, SEED_HINT));
    }
    this.paramsBox.replaceChildren(...nodes);
  }

  fieldsOf(defaults, prefix, bounds, choices) {
    const nodes = [];
    for (const [name, value] of Object.entries(defaults)) {
      const path = prefix + name;
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        nodes.push(el('fieldset', { class: 'group' }, el('legend', {}, humanize(name)),
          ...this.fieldsOf(value, `${path}.`, bounds, choices)));
      } else if (choices[path]) {
        nodes.push(this.choiceField(path, choices[path]));
      } else if (typeof value === 'boolean') {
        nodes.push(this.checkField(path, value));
      } else if (typeof value === 'number') {
        nodes.push(this.numberField(path, value, bounds[path]));
      } else {
        nodes.push(this.textField(path, value === null ? '' : String(value), false));
      }
    }
    return nodes;
  }

  numberField(path, value, bound, hintText) {
    const id = `param-${path}`;
    const integer = bound ? bound.type === 'integer' : Number.isInteger(value);
    const input = el('input', { type: 'number', id, name: path, step: integer ? '1' : 'any', inputmode: integer ? 'numeric' : 'decimal',
      'aria-describedby': `problem-params.${path} hint-${path}` });
    if (bound && bound.min !== undefined && bound.min !== null) {
      input.min = bound.min;
    }
    if (bound && bound.max !== undefined && bound.max !== null) {
      input.max = bound.max;
    }
    if (value !== null) {
      input.value = value;
    }
    const hint = hintText || (bound && bound.max !== undefined
      ? `${bound.min} to ${bound.max}, default ${bound.defaultValue ?? value}` : `default ${value}`);
    this.paramFields.push({ path, read: () => (input.value === '' ? undefined : Number(input.value)),
      broken: () => input.validity.badInput });
    return this.fieldRow(path, input, hint);
  }

  checkField(path, value) {
    const id = `param-${path}`;
    const input = el('input', { type: 'checkbox', id, name: path, 'aria-describedby': `problem-params.${path}` });
    input.checked = value;
    // Sent only once the person sets it: some defaults depend on the inputs (clvae's styleGuided follows whether a
    // style image is given), which only the API applies.
    let touched = false;
    this.paramFields.push({ path, read: () => (touched ? input.checked : undefined), broken: () => false });
    input.addEventListener('change', () => {
      touched = true;
      this.paramsChanged();
    });
    return el('div', { class: 'field check' }, input, el('label', { for: id }, humanize(lastSegment(path))),
      el('span', { class: 'hint' }, `default ${value ? 'on' : 'off'}`),
      el('p', { class: 'problem', id: `problem-params.${path}` }));
  }

  /** A text parameter with fixed allowed values: a select that starts on the default. */
  choiceField(path, choice) {
    const select = el('select', {
      id: `param-${path}`, name: path, 'aria-describedby': `problem-params.${path} hint-${path}`,
    });
    select.append(...choice.values.map((value) => {
      const option = el('option', { value }, value);
      option.selected = value === choice.defaultValue;
      return option;
    }));
    this.paramFields.push({ path, read: () => select.value, broken: () => false });
    select.addEventListener('change', () => this.paramsChanged());
    return el('div', { class: 'field' }, el('label', { for: select.id }, humanize(lastSegment(path))), select,
      el('span', { class: 'hint', id: `hint-${path}` }, `default ${choice.defaultValue}`),
      el('p', { class: 'problem', id: `problem-params.${path}` }));
  }

  textField(path, value, required) {
    const input = el('input', { type: 'text', id: `param-${path}`, name: path, 'aria-describedby': `problem-params.${path} hint-${path}` });
    input.value = value;
    this.paramFields.push({ path, read: () => (input.value.trim() === '' ? undefined : input.value.trim()), broken: () => false });
    return this.fieldRow(path, input, required ? 'required' : `default ${value}`);
  }

  fieldRow(path, input, hint) {
    input.addEventListener('input', () => this.paramsChanged());
    return el('div', { class: 'field' }, el('label', { for: input.id }, humanize(lastSegment(path))), input,
      el('span', { class: 'hint', id: `hint-${path}` }, hint),
      el('p', { class: 'problem', id: `problem-params.${path}` }));
  }

  /** The parameters as JSON; blank fields are left out so that the API applies their defaults. */
  params() {
    const params = {};
    for (const field of this.paramFields) {
      const value = field.read();
      if (value === undefined) {
        continue;
      }
      const segments = field.path.split('.');
      let target = params;
      for (const segment of segments.slice(0, -1)) {
        target = target[segment] ??= {};
      }
      target[segments.at(-1)] = value;
    }
    return params;
  }

  localProblems() {
    return this.paramFields.filter((field) => field.broken())
      .map((field) => ({ field: `params.${field.path}`, code: 'wrong_type', message: 'must be a number' }));
  }

  changed() {
    this.idempotencyKey = null;
    this.submitStatus.textContent = '';
  }

  paramsChanged() {
    this.changed();
    clearTimeout(this.validateTimer);
    this.validateTimer = setTimeout(() => this.validate(), VALIDATE_DELAY_MS);
  }

  async validate() {
    const ticket = ++this.validation;
    const local = this.localProblems();
    try {
      const { data } = await call('POST', '/api/v1/params/validate',
        { body: { kind: this.kind, method: this.methodSelect.value, params: this.params() } });
      if (ticket !== this.validation) {
        return;
      }
      const problems = [...local, ...data.problems];
      this.showParamProblems(problems);
      this.paramsStatus.textContent = problems.length === 0 ? 'Parameters are valid.'
        : `${problems.length} parameter problem${problems.length === 1 ? '' : 's'}.`;
    } catch (error) {
      if (ticket === this.validation) {
        this.showParamProblems(local);
        this.paramsStatus.textContent = `Cannot check the parameters: ${error.message}`;
      }
    }
  }

  showParamProblems(problems) {
    for (const box of this.root.querySelectorAll('[id^="problem-params."], #problem-kind, #problem-method')) {
      box.textContent = '';
    }
    for (const input of this.paramsBox.querySelectorAll('[aria-invalid]')) {
      input.removeAttribute('aria-invalid');
    }
    const unplaced = showProblems(this.root, problems);
    this.formProblem.replaceChildren(...unplaced.map((p) => el('p', {}, `${p.field || 'params'} ${p.message}`)));
  }

  async submit() {
    clearProblems(this.root);
    this.formProblem.replaceChildren();
    const local = this.localProblems();
    if (local.length > 0) {
      showProblems(this.root, local);
      return;
    }
    const form = new FormData();
    form.append('kind', this.kind);
    form.append('method', this.methodSelect.value);
    form.append('params', JSON.stringify(this.params()));
    for (const [role, file] of this.files) {
      form.append(role, file, file.name);
    }
    // The same key while nothing changed: a retry after a lost response returns the first job instead of a second.
    this.idempotencyKey ??= newIdempotencyKey();
    this.submitButton.disabled = true;
    this.submitStatus.textContent = 'Submitting…';
    try {
      const { data } = await call('POST', '/api/v1/jobs', { body: form, idempotencyKey: this.idempotencyKey });
      this.idempotencyKey = null;
      this.submitStatus.textContent = `Submitted job ${data.id.slice(0, 8)}.`;
      this.onSubmitted(data);
    } catch (error) {
      this.submitStatus.textContent = '';
      this.showSubmitError(error);
    } finally {
      this.submitButton.disabled = !this.methodAvailable;
    }
  }

  showSubmitError(error) {
    const refusal = error instanceof ApiError ? error : new ApiError(0, { code: 'error', detail: error.message });
    if (refusal.status === 401) {
      this.onUnauthorized(refusal);
    }
    const unplaced = showProblems(this.root, refusal.problems);
    this.formProblem.replaceChildren(el('p', {}, el('strong', {}, refusal.code), ` ${refusal.message}`),
      ...unplaced.map((p) => el('p', {}, `${p.field} ${p.message}`)));
    const firstInvalid = this.root.querySelector('[aria-invalid="true"]');
    (firstInvalid || this.formProblem).scrollIntoView({ block: 'nearest' });
  }
}

// A catalogue without the flag (an older gateway) offers every method.
function isAvailable(methodEntry) {
  return methodEntry.available !== false;
}

function lastSegment(path) {
  return path.slice(path.lastIndexOf('.') + 1);
}
