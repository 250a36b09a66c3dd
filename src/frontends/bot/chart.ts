/**
 * The chart of a group-by answer (StructuredResult.chart) as a PNG for Telegram: a Vega-Lite bar
 * chart rendered to SVG by Vega (no browser, no canvas), rasterised by resvg (@resvg/resvg-js, a
 * prebuilt binary, no system libraries). Chinese labels need a CJK font: Noto Sans Hans (SC) from
 * @embedpdf/fonts-sc, else the system's fonts. The libraries load on the
 * first chart only; at most MAX_BARS bars are drawn (the answer's text lists them all).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { StructuredResult } from '../../answer/types.js';

export type Chart = NonNullable<StructuredResult['chart']>;

export const MAX_BARS = 20;
const LABEL_MAX = 16;

function fontFile(): string | undefined {
  try {
    // The package exports only its entry (dist/index.*); the fonts lie beside dist/.
    const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
    const file = join(dirname(entry), '..', 'fonts', 'NotoSansHans-Regular.otf');
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** The Vega-Lite spec of a horizontal bar chart, largest first (exported for tests). */
export function chartSpec(chart: Chart): Record<string, unknown> {
  const bars = [...chart.bars]
    .filter((b) => Number.isFinite(b.value) && b.value >= 0)
    .sort((a, b) => b.value - a.value)
    .slice(0, MAX_BARS)
    .map((b) => ({ label: b.label.length > LABEL_MAX ? `${b.label.slice(0, LABEL_MAX - 1)}…` : b.label, value: b.value }));
  // Without a canvas Vega estimates text widths as Latin text; CJK glyphs are wider: room for the
  // longest label is reserved from its own width (a CJK character is about one em).
  const labelWidth = Math.max(...bars.map((b) => [...b.label].reduce((w, ch) => w + (/[\u2e80-\uffef]/.test(ch) ? 13 : 7.5), 0)), 20);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: chart.title.slice(0, 80), fontSize: 16, font: 'Noto Sans Hans, sans-serif' },
    width: 480,
    height: { step: 22 },
    background: 'white',
    padding: { left: 12, top: 12, bottom: 12, right: 40 },
    data: { values: bars },
    layer: [
      { mark: { type: 'bar', color: '#4c78a8' } },
      { mark: { type: 'text', align: 'left', dx: 3, fontSize: 12 }, encoding: { text: { field: 'value', type: 'quantitative' } } },
    ],
    encoding: {
      y: {
        field: 'label',
        type: 'nominal',
        sort: null,
        title: null,
        axis: { labelFontSize: 13, labelLimit: 400, labelPadding: 6, minExtent: Math.ceil(labelWidth) + 12 },
      },
      x: { field: 'value', type: 'quantitative', title: null, axis: { tickMinStep: 1, format: 'd' } },
    },
    config: { font: 'Noto Sans Hans, sans-serif', view: { stroke: null } },
  };
}

/** SVG of the chart (Vega's own renderer, headless). */
export async function renderChartSvg(chart: Chart): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(chartSpec(chart) as never).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** PNG of the chart, at twice the SVG's size (sharp on phones). */
export async function renderChartPng(chart: Chart): Promise<Buffer> {
  const svg = await renderChartSvg(chart);
  const { Resvg } = await import('@resvg/resvg-js');
  const font = fontFile();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: font
      ? { fontFiles: [font], loadSystemFonts: false, defaultFontFamily: 'Noto Sans Hans', sansSerifFamily: 'Noto Sans Hans' }
      : { loadSystemFonts: true },
  });
  return resvg.render().asPng();
}
