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
