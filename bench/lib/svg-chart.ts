/** One measured point: the median `y` and, optionally, the spread around it. */
export interface ChartPoint {
  readonly x: number;
  readonly y: number;
  readonly low?: number;
  readonly high?: number;
}

/** A line on the chart. */
export interface ChartSeries {
  readonly name: string;
  readonly color: string;
  readonly points: readonly ChartPoint[];
  readonly dashed?: boolean;
}

/** What a log-log line chart shows. */
export interface LogLogChart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  /** Extra legend lines (series that were not measured, and why). */
  readonly notes?: readonly string[];
}

const WIDTH = 760;
const HEIGHT = 460;
const PLOT = { left: 72, right: 560, top: 48, bottom: 396 } as const;

/**
 * A log-log line chart as standalone SVG text: decade grid lines, one polyline per series, min-max whiskers
 * at each point, a legend. Deterministic: the same data gives the same bytes.
 */
export function logLogChartSvg(chart: LogLogChart): string {
  const points = chart.series.flatMap((s) => s.points);
  if (points.length === 0) throw new Error('a chart needs at least one point');
  const xs = points.map((p) => p.x);
  const ys = points.flatMap((p) => [p.y, p.low ?? p.y, p.high ?? p.y]);
  const xDecades = decades(Math.min(...xs), Math.max(...xs));
  const yDecades = decades(Math.min(...ys), Math.max(...ys));
  const xAt = scale(xDecades, PLOT.left, PLOT.right);
  const yAt = scale(yDecades, PLOT.bottom, PLOT.top);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<title>${xmlText(chart.title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${xmlText(chart.title)}</text>`,
  ];
  for (let e = xDecades[0]; e <= xDecades[1]; e++) {
    const x = n(xAt(10 ** e));
    out.push(`<line x1="${x}" y1="${PLOT.top}" x2="${x}" y2="${PLOT.bottom}" stroke="#dddddd"/>`);
    out.push(`<text x="${x}" y="${PLOT.bottom + 18}" text-anchor="middle">${tick(10 ** e)}</text>`);
  }
  for (let e = yDecades[0]; e <= yDecades[1]; e++) {
    const y = n(yAt(10 ** e));
    out.push(`<line x1="${PLOT.left}" y1="${y}" x2="${PLOT.right}" y2="${y}" stroke="#dddddd"/>`);
    out.push(
      `<text x="${PLOT.left - 8}" y="${n(yAt(10 ** e) + 4)}" text-anchor="end">${tick(10 ** e)}</text>`,
    );
  }
  out.push(
    `<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}" fill="none" stroke="#555555"/>`,
    `<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 40}" text-anchor="middle">${xmlText(chart.xLabel)}</text>`,
    `<text x="18" y="${(PLOT.top + PLOT.bottom) / 2}" text-anchor="middle" transform="rotate(-90 18 ${(PLOT.top + PLOT.bottom) / 2})">${xmlText(chart.yLabel)}</text>`,
  );
  for (const series of chart.series) {
    const path = series.points.map((p) => `${n(xAt(p.x))},${n(yAt(p.y))}`).join(' ');
    const dash = series.dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(`<polyline points="${path}" fill="none" stroke="${series.color}" stroke-width="2"${dash}/>`);
    for (const p of series.points) {
      const x = n(xAt(p.x));
      if (p.low !== undefined && p.high !== undefined) {
        out.push(
          `<line x1="${x}" y1="${n(yAt(p.low))}" x2="${x}" y2="${n(yAt(p.high))}" stroke="${series.color}" stroke-width="1"/>`,
        );
      }
      out.push(`<circle cx="${x}" cy="${n(yAt(p.y))}" r="3" fill="${series.color}"/>`);
    }
  }
  let legendY = PLOT.top + 8;
  for (const series of chart.series) {
    const dash = series.dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(
      `<line x1="${PLOT.right + 16}" y1="${legendY}" x2="${PLOT.right + 40}" y2="${legendY}" stroke="${series.color}" stroke-width="2"${dash}/>`,
      `<text x="${PLOT.right + 46}" y="${legendY + 4}">${xmlText(series.name)}</text>`,
    );
    legendY += 20;
  }
  for (const note of chart.notes ?? []) {
    out.push(`<text x="${PLOT.right + 16}" y="${legendY + 4}" fill="#666666">${xmlText(note)}</text>`);
    legendY += 18;
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** The whole decades [lowest, highest] that contain every value. */
function decades(min: number, max: number): [number, number] {
  if (!(min > 0)) throw new Error(`a log scale needs positive values, got ${min}`);
  const low = Math.floor(Math.log10(min));
  const high = Math.max(low + 1, Math.ceil(Math.log10(max)));
  return [low, high];
}

function scale([low, high]: [number, number], from: number, to: number): (value: number) => number {
  return (value) => from + ((Math.log10(value) - low) / (high - low)) * (to - from);
}

function tick(value: number): string {
  return value >= 1 ? String(value) : value.toFixed(-Math.round(Math.log10(value)));
}

function n(value: number): string {
  return value.toFixed(1);
}

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
