// The speed of a model's answers: a small line of the last answers' tokens per second, and the last figure.

import { attr, el } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const KEEP = 30; // answers shown per model
const WIDTH = 90;
const HEIGHT = 22;

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  return node;
}

function format(tps) {
  return tps >= 100 ? tps.toFixed(0) : tps.toFixed(1);
}

/** One model's chart: add() an answer ({tokensPerSecond, outputTokens, timeToFirstTokenMs, at}) and it redraws. */
export class SpeedChart {
  #cell;
  #line;
  #value;
  #answers = [];

  constructor(cell) {
    this.#cell = cell;
    this.#line = svg('polyline', { class: 'speed-line', points: '' });
    const chart = svg('svg', { class: 'speed-chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, 'aria-hidden': 'true' });
    chart.append(this.#line);
    this.#value = el('span', { class: 'speed-value' });
    cell.append(chart, this.#value);
    this.#render();
  }

  /** Adds an answer unless it is already shown (the model list and the events stream both carry the last one). */
  add(answer) {
    if (!answer || typeof answer.tokensPerSecond !== 'number') return;
    // Only newer ones: the model list and the events replayed after it may carry an answer already drawn.
    const last = this.#answers.at(-1);
    if (last && !(Date.parse(answer.at) > Date.parse(last.at))) return;
    this.#answers.push(answer);
    if (this.#answers.length > KEEP) this.#answers.shift();
    this.#render();
  }

  #render() {
    const answers = this.#answers;
    const last = answers.at(-1);
    this.#cell.dataset.points = String(answers.length);
    this.#value.textContent = last ? `${format(last.tokensPerSecond)} tok/s` : '';
    attr(this.#cell, 'data-tokens-per-second', last ? String(last.tokensPerSecond) : null);
    attr(this.#cell, 'title', last ? `last answer: ${last.outputTokens} tokens at ${format(last.tokensPerSecond)} tokens/s` +
      (last.timeToFirstTokenMs == null ? '' : `, first token after ${Math.round(last.timeToFirstTokenMs)} ms`) : null);
    const max = Math.max(1, ...answers.map((a) => a.tokensPerSecond));
    // Wide steps while there are few answers, narrower as they fill the chart.
    const step = WIDTH / (Math.min(KEEP, Math.max(answers.length, 8)) - 1);
    const start = WIDTH - step * (answers.length - 1);
    // One answer is a dot-like flat stroke; several are a line, newest at the right.
    const points = answers.map((a, i) => `${(start + i * step).toFixed(1)},${(HEIGHT - 1 - (a.tokensPerSecond / max) * (HEIGHT - 2)).toFixed(1)}`);
    if (points.length === 1) points.unshift(`${(WIDTH - 3).toFixed(1)},${points[0].split(',')[1]}`);
    this.#line.setAttribute('points', points.join(' '));
  }
}
