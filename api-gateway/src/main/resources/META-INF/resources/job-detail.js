// One open job: its facts, progress (with the live training preview, speed, time left and losses), device, inputs,
// results and timeline. Live through the SSE stream GET /api/v1/jobs/{id}/events, with GET /api/v1/jobs/{id} polled
// under If-None-Match for the result links and as the fallback when the stream is unavailable.

import { ApiError, call, readEvents } from './api.js';
import {
  elapsedText, etaText, fraction, isActive, lossesText, preview, progressText, speedText, title, trainingText,
} from './job-text.js';
import { renderResults } from './results.js';
import { el, formatDateTime, formatDuration, formatTime, humanize } from './view.js';

const POLL_MS = 2000;

export class JobDetail {
  constructor(root, { onChange, onUnauthorized, onClose }) {
    this.root = root;
    this.onChange = onChange;
    this.onUnauthorized = onUnauthorized;
    this.heading = root.querySelector('#detail-title');
    this.bar = root.querySelector('#detail-progress');
    this.stage = root.querySelector('#detail-stage');
    this.previewBox = root.querySelector('#detail-preview');
    this.previewImage = root.querySelector('#detail-preview img');
    this.previewCaption = root.querySelector('#detail-preview figcaption');
    this.facts = root.querySelector('#detail-facts');
    this.error = root.querySelector('#detail-error');
    this.results = root.querySelector('#detail-results');
    this.inputs = root.querySelector('#detail-inputs');
    this.timeline = root.querySelector('#detail-timeline');
    this.cancelButton = root.querySelector('#cancel-job');
    this.cancelProblem = root.querySelector('#problem-cancel');
    root.querySelector('#close-job').addEventListener('click', () => onClose());
    this.cancelButton.addEventListener('click', () => this.cancel());
    setInterval(() => this.job && isActive(this.job) && this.renderFacts(), 1000);
  }

  get openId() {
    return this.id;
  }

  async open(id) {
    this.close();
    const session = new AbortController();
    this.session = session;
    this.id = id;
    this.etag = null;
    this.lastEntry = 0;
    this.shownResults = '';
    this.shownInputs = '';
    this.shownPreview = null;
    this.previewBox.hidden = true;
    this.previewImage.removeAttribute('src');
    this.root.hidden = false;
    this.heading.textContent = `Job ${id.slice(0, 8)}`;
    this.cancelProblem.textContent = '';
    this.cancelButton.hidden = true;
    this.bar.value = 0;
    this.stage.textContent = '';
    this.error.replaceChildren();
    this.results.replaceChildren(el('p', { class: 'hint' }, 'No results yet.'));
    this.inputs.replaceChildren();
    this.timeline.replaceChildren();
    this.facts.replaceChildren(el('div', {}, el('dt', {}, 'Status'), el('dd', {}, 'loading…')));
    try {
      await this.fetchJob(session);
      await this.fetchTimeline(session);
    } catch (error) {
      this.fail(error, session);
      return;
    }
    if (isActive(this.job)) {
      this.follow(session);
      this.poll(session);
    }
    this.root.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  close() {
    if (this.session) {
      this.session.abort();
    }
    clearTimeout(this.pollTimer);
    this.session = null;
    this.id = null;
    this.job = null;
    this.root.hidden = true;
  }

  async fetchJob(session) {
    const response = await call('GET', `/api/v1/jobs/${this.id}`, { etag: this.etag, signal: session.signal });
    if (session !== this.session || response.notModified) {
      return;
    }
    this.etag = response.etag;
    this.show(response.data);
  }

  async fetchTimeline(session) {
    const { data } = await call('GET', `/api/v1/jobs/${this.id}/events`, { signal: session.signal });
    if (session === this.session) {
      data.forEach((entry) => this.addEntry(entry));
    }
  }

  /** Follows the SSE stream until the job ends; the poll keeps the page right if the stream breaks. */
  async follow(session) {
    try {
      await readEvents(`/api/v1/jobs/${this.id}/events`, (event) => {
        if (session !== this.session) {
          return;
        }
        if (event.type === 'timeline') {
          this.addEntry(event.data);
        } else if (event.type === 'job') {
          this.show({ ...this.job, ...withoutNulls(event.data) });
          if (!isActive(event.data)) {
            this.fetchJob(session).catch((error) => this.fail(error, session));
          }
        }
      }, session.signal);
    } catch (error) {
      if (error.name !== 'AbortError' && session === this.session) {
        this.stage.textContent = `${this.stage.textContent} (live updates lost: ${error.message}; polling)`;
      }
    }
  }

  poll(session) {
    this.pollTimer = setTimeout(async () => {
      if (session !== this.session) {
        return;
      }
      try {
        await this.fetchJob(session);
      } catch (error) {
        this.fail(error, session);
      }
      if (session === this.session && (isActive(this.job) || awaitsResultLinks(this.job))) {
        this.poll(session);
      }
    }, POLL_MS);
  }

  fail(error, session) {
    if (error.name === 'AbortError' || session !== this.session) {
      return;
    }
    if (error instanceof ApiError && error.status === 401) {
      this.onUnauthorized(error);
    }
    this.error.replaceChildren(el('p', {}, el('strong', {}, error.code || 'error'), ` ${error.message}`));
  }

  show(job) {
    if (job.status !== 'queued') {
      delete job.queuePosition;
    }
    this.job = job;
    this.heading.textContent = `${title(job)} · ${job.id.slice(0, 8)}`;
    this.bar.value = fraction(job);
    this.stage.textContent = [progressText(job), trainingText(job)].filter(Boolean).join(' · ');
    this.cancelButton.hidden = !isActive(job);
    this.renderPreview(job);
    this.renderFacts();
    this.error.replaceChildren(...(job.error
      ? [el('p', {}, el('strong', {}, job.error.code), job.error.message ? ` ${job.error.message}` : '')] : []));
    this.renderInputs(job.inputs);
    const names = Object.keys(job.results || {}).sort().join(',');
    if (names && names !== this.shownResults) {
      this.shownResults = names;
      this.results.replaceChildren(...renderResults(job.results));
    }
    this.onChange(job);
  }

  /** The newest training preview, reloaded only when the worker wrote a new one (not when its URL was re-signed). */
  renderPreview(job) {
    const shown = preview(job);
    if (!shown) {
      return;
    }
    if (shown.object !== this.shownPreview) {
      this.shownPreview = shown.object;
      this.previewImage.src = shown.url;
    }
    const step = job.progress.step !== undefined && job.progress.step !== null ? ` at step ${job.progress.step}` : '';
    this.previewCaption.textContent = isActive(job) ? `Live preview${step}` : `Last preview${step}`;
    this.previewBox.hidden = false;
  }

  renderFacts() {
    const job = this.job;
    const timings = job.timings || {};
    const facts = [
      ['Status', job.status],
      ['Elapsed', elapsedText(job)],
      ['Attempt', String(job.attempt)],
      ['Queue position', job.queuePosition ?? null],
      ['Device', job.device ?? null],
      ['Speed', speedText(job) || null],
      ['Time left', etaText(job) || null],
      ['Losses', lossesText(job) || null],
      ['Created', formatDateTime(job.createdAt)],
      ['Started', formatTime(job.startedAt)],
      ['Finished', formatTime(job.finishedAt)],
      ['Queue wait', timings.queueWaitMs !== undefined ? formatDuration(timings.queueWaitMs) : null],
      ['Run time', timings.runMs !== undefined ? formatDuration(timings.runMs) : null],
      ['Parameters', job.params ? JSON.stringify(job.params) : null],
    ];
    this.facts.replaceChildren(...facts.filter(([, value]) => value !== null && value !== '')
      .map(([name, value]) => el('div', {}, el('dt', {}, name),
        el('dd', name === 'Parameters' ? { class: 'mono' } : {}, String(value)))));
  }

  renderInputs(inputs) {
    const names = Object.keys(inputs || {}).sort().join(',');
    if (!names || names === this.shownInputs) {
      return;
    }
    this.shownInputs = names;
    this.inputs.replaceChildren(...Object.entries(inputs).sort().map(([role, url]) =>
      el('figure', {}, el('a', { href: url, target: '_blank', rel: 'noopener' },
        el('img', { src: url, alt: `Input ${humanize(role)}` })), el('figcaption', {}, humanize(role)))));
  }

  addEntry(entry) {
    if (entry.id <= this.lastEntry) {
      return;
    }
    this.lastEntry = entry.id;
    const details = entry.details && typeof entry.details === 'object'
      ? Object.entries(entry.details).map(([name, value]) => `${name}=${brief(value)}`).join(' ')
      : '';
    this.timeline.append(el('li', {},
      el('time', { datetime: entry.at }, formatTime(entry.at)), ' ',
      el('strong', {}, entry.type), entry.status ? ` → ${entry.status}` : '',
      el('span', { class: 'hint' }, ` attempt ${entry.attempt}`),
      details ? el('span', { class: 'mono details' }, details) : null));
  }

  async cancel() {
    this.cancelProblem.textContent = '';
    this.cancelButton.disabled = true;
    try {
      const { data } = await call('POST', `/api/v1/jobs/${this.job.id}/cancel`);
      this.show(data);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.onUnauthorized(error);
      }
      this.cancelProblem.textContent = `${error.code || 'error'}: ${error.message}`;
    } finally {
      this.cancelButton.disabled = false;
    }
  }
}

function awaitsResultLinks(job) {
  return job.status === 'succeeded' && Object.keys(job.results || {}).length === 0;
}

function withoutNulls(view) {
  return Object.fromEntries(Object.entries(view).filter(([, value]) => value !== null));
}

/** A timeline detail in a few characters: long lists and maps (e.g. every result key) by their size. */
function brief(value) {
  if (value === null || typeof value !== 'object') {
    return String(value);
  }
  const text = JSON.stringify(value);
  if (text.length <= 60) {
    return text;
  }
  return Array.isArray(value) ? `[${value.length} items]` : `{${Object.keys(value).length} entries}`;
}
