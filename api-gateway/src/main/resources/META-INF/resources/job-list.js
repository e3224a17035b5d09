// The tenant's jobs, newest first, kept live by polling GET /api/v1/jobs, whose items carry the queue position of
// queued jobs and the live preview image, speed and device of training jobs.

import { apiKey, call } from './api.js';
import { elapsedText, fraction, isActive, preview, progressText, title, trainingText } from './job-text.js';
import { el } from './view.js';

const ACTIVE_POLL_MS = 1000;
const IDLE_POLL_MS = 4000;

export class JobList {
  constructor(root, { onOpen, onUnauthorized }) {
    this.list = root.querySelector('#job-list');
    this.status = root.querySelector('#jobs-status');
    this.more = root.querySelector('#more-jobs');
    this.statusFilter = root.querySelector('#filter-status');
    this.kindFilter = root.querySelector('#filter-kind');
    this.onOpen = onOpen;
    this.onUnauthorized = onUnauthorized;
    this.jobs = new Map();
    this.rows = new Map();
    this.firstPage = [];
    this.olderPages = [];
    this.nextLink = null;
    this.openId = null;
    this.failure = '';
    this.generation = 0;
    for (const filter of [this.statusFilter, this.kindFilter]) {
      filter.addEventListener('change', () => this.restart());
    }
    this.more.addEventListener('click', () => this.loadOlder());
    setInterval(() => this.tick(), 1000);
  }

  setKinds(kinds) {
    this.kindFilter.append(...kinds.map((kind) => el('option', {}, kind)));
  }

  restart() {
    this.generation += 1;
    this.jobs.clear();
    this.firstPage = [];
    this.olderPages = [];
    this.render();
    this.refreshSoon(0);
  }

  refreshSoon(delay) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), delay);
  }

  query() {
    const params = new URLSearchParams({ limit: '20' });
    if (this.statusFilter.value) {
      params.set('status', this.statusFilter.value);
    }
    if (this.kindFilter.value) {
      params.set('kind', this.kindFilter.value);
    }
    return params;
  }

  async refresh() {
    if (!apiKey.get()) {
      this.failure = 'Enter your API key to see your jobs.';
      this.render();
      return;
    }
    if (document.hidden) {
      this.refreshSoon(IDLE_POLL_MS);
      return;
    }
    const generation = this.generation;
    try {
      const { data } = await call('GET', `/api/v1/jobs?${this.query()}`);
      if (generation !== this.generation) {
        return;
      }
      this.firstPage = data.items.map((job) => job.id);
      for (const job of data.items) {
        this.remember(job);
      }
      if (this.olderPages.length === 0) {
        this.nextLink = data.next || null;
      }
      this.failure = '';
      this.render();
    } catch (error) {
      // Any failure, not only a refusal: the loop must keep polling until the gateway answers again.
      this.failure = `Cannot list jobs: ${error.message}`;
      this.render();
      if (error.status === 401) {
        this.onUnauthorized(error);
        return;
      }
    }
    const anyActive = [...this.jobs.values()].some(isActive);
    this.refreshSoon(anyActive ? ACTIVE_POLL_MS : IDLE_POLL_MS);
  }

  async loadOlder() {
    if (!this.nextLink) {
      return;
    }
    this.more.disabled = true;
    try {
      const { data } = await call('GET', this.nextLink);
      this.olderPages.push(...data.items.map((job) => job.id));
      data.items.forEach((job) => this.remember(job));
      this.nextLink = data.next || null;
      this.render();
    } catch (error) {
      this.failure = `Cannot list older jobs: ${error.message}`;
      this.render();
    } finally {
      this.more.disabled = false;
    }
  }

  remember(job) {
    const previous = this.jobs.get(job.id);
    const merged = previous ? { ...previous, ...job } : job;
    // A list item leaves out what it does not have: the newer item's absence wins over the older value.
    if (job.queuePosition === undefined || merged.status !== 'queued') {
      delete merged.queuePosition;
    }
    this.jobs.set(job.id, merged);
  }

  /** A fresher view of one job (just submitted, or seen by the detail view). */
  upsert(job) {
    const known = this.jobs.has(job.id);
    if (!known && !this.firstPage.includes(job.id)) {
      this.firstPage.unshift(job.id);
    }
    this.remember(job);
    this.render();
    if (!known && isActive(job)) {
      this.refreshSoon(ACTIVE_POLL_MS);
    }
  }

  setOpen(id) {
    this.openId = id;
    for (const [rowId, row] of this.rows) {
      row.button.setAttribute('aria-current', String(rowId === id));
    }
  }

  render() {
    const order = [...new Set([...this.firstPage, ...this.olderPages])].filter((id) => this.jobs.has(id));
    const items = order.map((id) => this.row(this.jobs.get(id)).item);
    this.list.replaceChildren(...items);
    for (const id of this.rows.keys()) {
      if (!order.includes(id)) {
        this.rows.delete(id);
      }
    }
    this.more.hidden = !this.nextLink;
    this.status.textContent = this.failure || (order.length === 0 ? 'No jobs yet.' : '');
  }

  /** The row of a job, reused between renders so that focus and hover survive a refresh. */
  row(job) {
    let row = this.rows.get(job.id);
    if (!row) {
      const button = el('button', { type: 'button', class: 'job-row' });
      button.addEventListener('click', () => this.onOpen(job.id));
      row = {
        item: el('li', {}, button),
        button,
        title: el('span', { class: 'job-title' }),
        badge: el('span', { class: 'badge' }),
        id: el('span', { class: 'job-id' }, job.id.slice(0, 8)),
        bar: el('progress', { max: '1', value: '0' }),
        line: el('span', { class: 'job-line' }),
        elapsed: el('span', { class: 'job-elapsed' }),
        preview: el('img', { class: 'job-preview', alt: '', hidden: true }),
        shownPreview: null,
      };
      button.append(el('span', { class: 'job-head' }, row.title, row.id, row.badge), row.bar,
        el('span', { class: 'job-foot' }, row.line, row.elapsed), row.preview);
      this.rows.set(job.id, row);
    }
    row.job = job;
    row.title.textContent = title(job);
    row.badge.textContent = job.status;
    row.badge.className = `badge status-${job.status}`;
    row.bar.value = fraction(job);
    row.bar.setAttribute('aria-label', `Progress of job ${job.id.slice(0, 8)}`);
    row.line.textContent = job.error ? job.error.code
      : [progressText(job), trainingText(job), job.device].filter(Boolean).join(' · ');
    row.elapsed.textContent = elapsedText(job);
    const shown = isActive(job) ? preview(job) : null;
    // A re-signed URL of the same preview is not a new image: reload only when the preview object changed.
    if (shown && shown.object !== row.shownPreview) {
      row.preview.src = shown.url;
      row.preview.alt = `Training preview of job ${job.id.slice(0, 8)}`;
    }
    row.shownPreview = shown ? shown.object : null;
    row.preview.hidden = !shown;
    row.button.setAttribute('aria-current', String(job.id === this.openId));
    return row;
  }

  tick() {
    for (const row of this.rows.values()) {
      if (isActive(row.job)) {
        row.elapsed.textContent = elapsedText(row.job);
      }
    }
  }
}
