/**
 * Inline SVG charts (no script, no external request): a monthly trend line, bars, and a radar of the
 * Decision 766 groups. Each chart is an image with a title and description for screen readers; the
 * figures themselves are also in the tables beside it.
 */
import { escapeHtml } from '../html';

export interface Series {
  name: string;
  color: string;
  /** One value 0–1 per label, or null where there is no data. */
  values: (number | null)[];
}

/**
 * Chart geometry in SVG units. The charts are drawn 360 units wide with 14-unit text, so that on a
 * 360 px phone (a 328 px wide chart) text renders at 12.8 px and never below 12 px; wider screens
 * scale them up to the chart's max width (the stylesheet's .chart).
 */
const W = 360;
const H = 240;
const FONT = 14;
const LINE = 18;

/** A line per series over the labels (months), y from 0% to 100%; the legend stacked above. */
export function trendChart(options: {
  title: string;
  description: string;
  labels: string[];
  series: Series[];
}): string {
  const { labels, series } = options;
  const PAD = { left: 46, right: 14, top: 10 + series.length * LINE, bottom: 26 };
  const height = H + series.length * LINE;
  const plotW = W - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const x = (index: number) =>
    PAD.left + (labels.length <= 1 ? plotW / 2 : (index * plotW) / (labels.length - 1));
  const y = (value: number) => PAD.top + plotH * (1 - value);
  const grid = [0, 0.5, 1]
    .map(
      (value) =>
        `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(value)}" y2="${y(value)}" stroke="#c8cdd3"/><text x="${PAD.left - 4}" y="${y(value) + 5}" text-anchor="end">${value * 100}%</text>`,
    )
    .join('');
  // At most four month labels fit 360 units at 14-unit text.
  const step = Math.max(1, Math.ceil(labels.length / 4));
  const axis = labels
    .map((label, index) =>
      index % step === 0
        ? `<text x="${x(index)}" y="${height - 6}" text-anchor="middle">${escapeHtml(label)}</text>`
        : '',
    )
    .join('');
  const lines = series
    .map((line) => {
      const points = line.values
        .map((value, index) => (value === null ? null : `${x(index).toFixed(1)},${y(value).toFixed(1)}`))
        .filter((point) => point !== null);
      const dots = points
        .map((point) => `<circle cx="${point!.split(',')[0]}" cy="${point!.split(',')[1]}" r="3"/>`)
        .join('');
      return `<g fill="${line.color}" stroke="${line.color}"><polyline fill="none" stroke-width="2" points="${points.join(' ')}"/>${dots}</g>`;
    })
    .join('');
  const legend = series
    .map(
      (line, index) =>
        `<rect x="0" y="${2 + index * LINE}" width="12" height="12" fill="${line.color}"/><text x="18" y="${13 + index * LINE}">${escapeHtml(line.name)}</text>`,
    )
    .join('');
  return svg(options.title, options.description, `${legend}${grid}${axis}${lines}`, W, height);
}

/** A radar of shares 0–1 (three or more axes); fewer axes read better as bars. */
export function radarChart(options: {
  title: string;
  description: string;
  axes: { label: string; value: number | null }[];
}): string {
  const { axes } = options;
  if (axes.length < 3) return barChart(options);
  const size = 330;
  const centre = size / 2;
  const radius = 90;
  const point = (index: number, value: number) => {
    const angle = -Math.PI / 2 + (index * 2 * Math.PI) / axes.length;
    return [centre + radius * value * Math.cos(angle), centre + radius * value * Math.sin(angle)] as const;
  };
  const rings = [0.5, 1]
    .map(
      (ring) =>
        `<polygon fill="none" stroke="#c8cdd3" points="${axes.map((_, i) => point(i, ring).join(',')).join(' ')}"/>`,
    )
    .join('');
  const spokes = axes
    .map((axis, index) => {
      const [x, y] = point(index, 1);
      const [lx, ly] = point(index, 1.28);
      return `<line x1="${centre}" y1="${centre}" x2="${x}" y2="${y}" stroke="#c8cdd3"/><text x="${lx.toFixed(1)}" y="${ly.toFixed(1)}" text-anchor="middle">${escapeHtml(axis.label)}</text>`;
    })
    .join('');
  const shape = `<polygon fill="#0b4f9c33" stroke="#0b4f9c" stroke-width="2" points="${axes
    .map((axis, index) =>
      point(index, axis.value ?? 0)
        .map((v) => v.toFixed(1))
        .join(','),
    )
    .join(' ')}"/>`;
  return svg(options.title, options.description, `${rings}${spokes}${shape}`, size, size);
}

/** Horizontal bars of shares 0–1, each label on its own line above its bar (long names fit a phone). */
export function barChart(options: {
  title: string;
  description: string;
  axes: { label: string; value: number | null }[];
}): string {
  const rowH = 44;
  const height = options.axes.length * rowH + 4;
  const barW = W - 64;
  const rows = options.axes
    .map((axis, index) => {
      const y = index * rowH;
      const width = Math.max(0, Math.min(1, axis.value ?? 0)) * barW;
      return `<text x="0" y="${y + 15}">${escapeHtml(axis.label)}</text><rect x="0" y="${y + 21}" width="${barW}" height="16" fill="#eef3fa"/><rect x="0" y="${y + 21}" width="${width.toFixed(1)}" height="16" fill="#0b4f9c"/><text x="${barW + 6}" y="${y + 34}">${axis.value === null ? '–' : `${Math.round(axis.value * 100)}%`}</text>`;
    })
    .join('');
  return svg(options.title, options.description, rows, W, height);
}

let chartId = 0;

function svg(title: string, description: string, body: string, width: number, height: number): string {
  chartId = (chartId + 1) % 1_000_000;
  const id = `c${chartId}`;
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}t ${id}d" font-size="${FONT}" fill="#1a1a1a"><title id="${id}t">${escapeHtml(title)}</title><desc id="${id}d">${escapeHtml(description)}</desc>${body}</svg>`;
}
