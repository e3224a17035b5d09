// How a job's state reads in the list and the detail view.

import { serverNow } from './api.js';
import { formatDuration, humanize } from './view.js';

const ACTIVE = new Set(['queued', 'running']);

export function isActive(job) {
  return ACTIVE.has(job.status);
}

export function title(job) {
  return `${humanize(job.kind)} · ${job.method}`;
}

/** "decode · 3/7 · 43 %", or the queue position while queued. */
export function progressText(job) {
  if (job.status === 'queued') {
    return job.queuePosition === undefined || job.queuePosition === null
      ? 'waiting for a worker'
      : job.queuePosition === 0 ? 'next in the queue' : `${job.queuePosition} ahead in the queue`;
  }
  const progress = job.progress || {};
  const parts = [];
  if (progress.stage) {
    parts.push(progress.stage);
  }
  if (progress.step !== undefined && progress.step !== null && progress.total) {
    parts.push(`${progress.step}/${progress.total}`);
  }
  if (job.status === 'running' || progress.fraction > 0) {
    parts.push(`${Math.round((progress.fraction || 0) * 100)} %`);
  }
  return parts.join(' · ');
}

/** "2.40 steps/s" when the job reports its training speed; empty otherwise. */
export function speedText(job) {
  const speed = job.progress && job.progress.stepsPerSecond;
  return typeof speed === 'number' ? `${speed >= 10 ? speed.toFixed(0) : speed.toFixed(2)} steps/s` : '';
}

/** "3 min 10 s" while a job that reports its estimated time left runs; empty otherwise. */
export function etaText(job) {
  const eta = job.progress && job.progress.etaSeconds;
  return typeof eta === 'number' && job.status === 'running' ? formatDuration(eta * 1000) : '';
}

/** Speed and time left together, "2.40 steps/s · 3 min 10 s left", for one line of text. */
export function trainingText(job) {
  const eta = etaText(job);
  return [speedText(job), eta && `${eta} left`].filter(Boolean).join(' · ');
}

/** The newest loss terms, "structure 0.412 · appearance 1.93", in the order the worker reported them. */
export function lossesText(job) {
  const losses = (job.progress && job.progress.losses) || {};
  return Object.entries(losses).map(([name, value]) => `${humanize(name).toLowerCase()} ${formatLoss(value)}`)
    .join(' · ');
}

/** The preview image URL of a training job, and the object it shows (the URL's query is only its signature). */
export function preview(job) {
  const url = job.progress && job.progress.previewUrl;
  return url ? { url, object: url.split('?')[0] } : null;
}

function formatLoss(value) {
  return Math.abs(value) >= 100 || (value !== 0 && Math.abs(value) < 0.001) ? value.toExponential(2)
    : value.toPrecision(3);
}

/** How long the job has waited, run, or took in all. */
export function elapsedText(job) {
  const created = Date.parse(job.createdAt);
  if (job.finishedAt) {
    return `took ${formatDuration(Date.parse(job.finishedAt) - created)}`;
  }
  if (job.status === 'running' && job.startedAt) {
    return `running ${formatDuration(serverNow() - Date.parse(job.startedAt))}`;
  }
  return `waiting ${formatDuration(serverNow() - created)}`;
}

export function fraction(job) {
  if (job.status === 'succeeded') {
    return 1;
  }
  return (job.progress && job.progress.fraction) || 0;
}
