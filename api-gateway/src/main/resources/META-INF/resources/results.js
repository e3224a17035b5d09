// A job's results laid out by what they are: the morph animation and its frames as a filmstrip, the disentangled
// grid's contact sheet, synthesis samples as a grid, any other image on its own, and every file as a download.

import { el } from './view.js';

const FRAME = /^frame-(\d+)\.png$/;
const SAMPLE = /^sample-(\d+)\.png$/;
const GRID_CELL = /^grid-r\d+-c\d+\.png$/;
const IMAGE = /\.(png|jpe?g|gif|webp|bmp)$/i;

/** The nodes showing results, a map of file name to (presigned) URL. */
export function renderResults(results) {
  const names = Object.keys(results).sort();
  const nodes = [];
  const animation = names.filter((name) => name.endsWith('.gif'));
  const frames = names.filter((name) => FRAME.test(name));
  const samples = names.filter((name) => SAMPLE.test(name));
  const sheet = names.filter((name) => name === 'grid.png');
  const placed = new Set([...animation, ...frames, ...samples, ...sheet, ...names.filter((n) => GRID_CELL.test(n))]);
  const others = names.filter((name) => IMAGE.test(name) && !placed.has(name));

  if (animation.length > 0) {
    nodes.push(block('Animation', ...animation.map((name) => figure(results[name], name, 'animation'))));
  }
  if (frames.length > 0) {
    nodes.push(block(`Frames (${frames.length})`, el('ol', { class: 'filmstrip', 'aria-label': 'Morph frames' },
      ...frames.map((name, index) => el('li', {}, figure(results[name], `frame ${index + 1} of ${frames.length}`))))));
  }
  if (sheet.length > 0) {
    nodes.push(block('Disentangled grid', figure(results['grid.png'], 'content × style grid', 'sheet')));
  }
  if (samples.length > 0) {
    nodes.push(block(`Samples (${samples.length})`, el('div', { class: 'sample-grid' },
      ...samples.map((name, index) => figure(results[name], `sample ${index + 1}`)))));
  }
  if (others.length > 0) {
    nodes.push(block('Images', el('div', { class: 'sample-grid' }, ...others.map((name) => figure(results[name], name)))));
  }
  nodes.push(el('details', { class: 'downloads' }, el('summary', {}, `Download (${names.length} files)`),
    el('ul', {}, ...names.map((name) => el('li', {},
      el('a', { href: results[name], download: name, target: '_blank', rel: 'noopener' }, name))))));
  return nodes;
}

function block(heading, ...content) {
  return el('section', { class: 'result-block' }, el('h4', {}, heading), ...content);
}

function figure(url, caption, kind) {
  return el('figure', { class: kind ? `result ${kind}` : 'result' },
    el('a', { href: url, target: '_blank', rel: 'noopener' }, el('img', { src: url, alt: caption })),
    el('figcaption', {}, caption));
}
