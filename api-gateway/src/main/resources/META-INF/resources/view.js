// Small DOM and formatting helpers shared by the page's parts.

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  element.append(...children.filter((child) => child !== null && child !== undefined));
  return element;
}

/** "imageA" → "Image A", "labelMap" → "Label map", "swapSteps64" → "Swap steps 64". */
export function humanize(name) {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([a-z])([0-9])/g, '$1 $2').split(/[\s_-]+/)
    .map((word) => (word.length === 1 ? word.toUpperCase() : word.toLowerCase())).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Shows each problem next to its field: in the element with id "problem-<field>" under root, marking the control it
 * describes as invalid. Returns the problems that have no such place.
 */
export function showProblems(root, problems) {
  const unplaced = [];
  for (const problem of problems) {
    const box = problem.field ? root.querySelector(`[id="problem-${CSS.escape(problem.field)}"]`) : null;
    if (!box) {
      unplaced.push(problem);
      continue;
    }
    box.textContent = box.textContent ? `${box.textContent}; ${problem.message}` : problem.message;
    for (const control of root.querySelectorAll(`[aria-describedby~="${CSS.escape(box.id)}"]`)) {
      control.setAttribute('aria-invalid', 'true');
    }
  }
  return unplaced;
}

/** Empties every problem box under root and clears the invalid marks. */
export function clearProblems(root) {
  for (const box of root.querySelectorAll('[id^="problem-"]')) {
    box.textContent = '';
  }
  for (const control of root.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
  }
}

export function formatBytes(bytes) {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  if (bytes < 1024 * 1024) {
    return `${(bytes / 1024).toFixed(1)} KiB`;
  }
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** 850 → "0.9 s", 65000 → "1 min 05 s", 3723000 → "1 h 02 min". */
export function formatDuration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) {
    return '';
  }
  const safe = Math.max(0, ms);
  if (safe < 10_000) {
    return `${(safe / 1000).toFixed(1)} s`;
  }
  const seconds = Math.floor(safe / 1000);
  if (seconds < 60) {
    return `${seconds} s`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
  }
  return `${Math.floor(seconds / 3600)} h ${String(Math.floor(seconds / 60) % 60).padStart(2, '0')} min`;
}

export function formatTime(iso) {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : '';
}

export function formatDateTime(iso) {
  return iso ? new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'medium' }) : '';
}
