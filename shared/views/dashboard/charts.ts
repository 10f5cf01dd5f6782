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

const W = 640;
const H = 220;
const PAD = { left: 40, right: 36, top: 20, bottom: 28 };

/** A line per series over the labels (months), y from 0% to 100%. */
export function trendChart(options: {
  title: string;
  description: string;
  labels: string[];
  series: Series[];
}): string {
  const { labels, series } = options;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (index: number) =>
    PAD.left + (labels.length <= 1 ? plotW / 2 : (index * plotW) / (labels.length - 1));
  const y = (value: number) => PAD.top + plotH * (1 - value);
  const grid = [0, 0.5, 1]
    .map(
      (value) =>
        `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(value)}" y2="${y(value)}" stroke="#c8cdd3"/><text x="${PAD.left - 4}" y="${y(value) + 4}" text-anchor="end">${value * 100}%</text>`,
    )
    .join('');
  const step = Math.max(1, Math.ceil(labels.length / 8));
  const axis = labels
    .map((label, index) =>
      index % step === 0
        ? `<text x="${x(index)}" y="${H - 8}" text-anchor="middle">${escapeHtml(label)}</text>`
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
        `<rect x="${PAD.left + index * 260}" y="0" width="10" height="10" fill="${line.color}"/><text x="${PAD.left + 14 + index * 260}" y="9">${escapeHtml(line.name)}</text>`,
    )
    .join('');
  return svg(options.title, options.description, `${grid}${axis}${lines}${legend}`, W, H);
}

/** A radar of shares 0–1 (three or more axes); fewer axes read better as bars. */
export function radarChart(options: {
  title: string;
  description: string;
  axes: { label: string; value: number | null }[];
}): string {
  const { axes } = options;
  if (axes.length < 3) return barChart(options);
  const size = 300;
  const centre = size / 2;
  const radius = 100;
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

/** Horizontal bars of shares 0–1. */
export function barChart(options: {
  title: string;
  description: string;
  axes: { label: string; value: number | null }[];
}): string {
  const rowH = 28;
  const height = options.axes.length * rowH + 8;
  const labelW = 200;
  const barW = W - labelW - 60;
  const rows = options.axes
    .map((axis, index) => {
      const y = 4 + index * rowH;
      const width = Math.max(0, Math.min(1, axis.value ?? 0)) * barW;
      return `<text x="${labelW - 6}" y="${y + 17}" text-anchor="end">${escapeHtml(axis.label)}</text><rect x="${labelW}" y="${y + 4}" width="${barW}" height="18" fill="#eef3fa"/><rect x="${labelW}" y="${y + 4}" width="${width.toFixed(1)}" height="18" fill="#0b4f9c"/><text x="${labelW + barW + 6}" y="${y + 17}">${axis.value === null ? '–' : `${Math.round(axis.value * 100)}%`}</text>`;
    })
    .join('');
  return svg(options.title, options.description, rows, W, height);
}

let chartId = 0;

function svg(title: string, description: string, body: string, width: number, height: number): string {
  chartId = (chartId + 1) % 1_000_000;
  const id = `c${chartId}`;
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}t ${id}d" font-size="11" fill="#1a1a1a"><title id="${id}t">${escapeHtml(title)}</title><desc id="${id}d">${escapeHtml(description)}</desc>${body}</svg>`;
}
