// Chimera's web page: wires the API key, the submission form, the job list and the open job together.
// Plain ES modules, no build step; the page uses only the public API under /api/v1.

import { apiKey, call } from './api.js';
import { JobDetail } from './job-detail.js';
import { JobList } from './job-list.js';
import { SubmitForm } from './submit-form.js';

const keyForm = document.querySelector('#key-form');
const keyInput = document.querySelector('#api-key');
const keyStatus = document.querySelector('#key-status');
const forgetKey = document.querySelector('#forget-key');

function showKeyState(message) {
  const hasKey = apiKey.get() !== '';
  forgetKey.hidden = !hasKey;
  keyStatus.textContent = message ?? (hasKey ? 'Key saved in this browser.' : 'Enter your API key to submit and see jobs.');
  keyStatus.classList.toggle('warn', !hasKey || message !== undefined);
}

function unauthorized(error) {
  showKeyState(`${error.message}.`);
  keyInput.setAttribute('aria-invalid', 'true');
}

const jobList = new JobList(document.querySelector('.jobs-panel'), {
  onOpen: (id) => { location.hash = `job/${id}`; },
  onUnauthorized: unauthorized,
});

const detail = new JobDetail(document.querySelector('#job-detail'), {
  onChange: (job) => jobList.upsert(job),
  onUnauthorized: unauthorized,
  onClose: () => { history.replaceState(null, '', location.pathname + location.search); route(); },
});

const form = new SubmitForm(document.querySelector('#job-form'), {
  onSubmitted: (job) => {
    jobList.upsert(job);
    location.hash = `job/${job.id}`;
  },
  onUnauthorized: unauthorized,
});

/** Opens the job named in the URL's hash (#job/<id>), so that a job's page can be linked and reloaded. */
function route() {
  const match = /^#job\/([0-9a-f-]{36})$/i.exec(location.hash);
  const id = match ? match[1] : null;
  if (id && apiKey.get()) {
    if (detail.openId !== id) {
      detail.open(id);
    }
  } else if (detail.openId) {
    detail.close();
  }
  jobList.setOpen(id);
}

keyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  apiKey.set(keyInput.value.trim());
  keyInput.value = '';
  keyInput.removeAttribute('aria-invalid');
  showKeyState();
  jobList.restart();
  route();
});

forgetKey.addEventListener('click', () => {
  apiKey.set('');
  detail.close();
  jobList.restart();
  showKeyState();
});

window.addEventListener('hashchange', route);
document.addEventListener('visibilitychange', () => !document.hidden && jobList.refreshSoon(0));

showKeyState();
call('GET', '/api/v1/methods')
  .then(({ data }) => {
    form.load(data);
    jobList.setKinds(data.kinds.map((entry) => entry.kind));
  })
  .catch((error) => {
    const status = document.querySelector('#catalog-status');
    status.hidden = false;
    status.textContent = `Cannot load the methods: ${error.message}`;
  });
if (apiKey.get()) {
  jobList.refreshSoon(0);
}
route();
