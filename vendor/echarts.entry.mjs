// The chart library the app loads, built from npm's ECharts before each build (esbuild and
// terser, scripts/build-echarts.mjs): only the chart types and components the charts use
// (src/charts), tree-shaken from `echarts/core`, never the full `echarts.min.js`. The app reads
// it as `window.echarts`: only the functions it calls (`init`, `dispose`, and `getInstanceByDom`
// for the tests that read what is drawn), so the bundler drops the rest of the core's exports,
// and `blocks`, the custom series' renderer of the hypnogram, the actogram and the years'
// calendar (browser::chart puts it where a chart's option names `csp::BLOCKS_RENDERER`).
import { dispose, getInstanceByDom, init, use } from "echarts/core";
import { BarChart, CustomChart, LineChart } from "echarts/charts";
import {
  DataZoomComponent,
  GridComponent,
  LegendPlainComponent,
  MarkAreaComponent,
  TitleComponent,
  TooltipComponent,
} from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

use([
  BarChart,
  CustomChart,
  LineChart,
  DataZoomComponent,
  GridComponent,
  LegendPlainComponent,
  MarkAreaComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

/** One block of a custom series whose items are `[from, to, row]`: from the item's start to its
 * end on its row's category band, 70 % of the band's height, in the item's colour. Here, not in
 * the wasm module: ECharts calls it for every block of every frame (a pan of the actogram over
 * ten years redraws thousands), and each of its calls into `api` from wasm crossed the boundary. */
function blocks(_params, api) {
  const row = api.value(2);
  const [x0, y] = api.coord([api.value(0), row]);
  const [x1] = api.coord([api.value(1), row]);
  const height = api.size([0, 1])[1] * 0.7;
  return {
    type: "rect",
    shape: { x: x0, y: y - height / 2, width: Math.max(0, x1 - x0), height },
    // The item's colour as the visual stage already worked it out: `api.style()` would build
    // a whole style object (label and all) per block, half of a pan's frame.
    style: { fill: api.visual("color") },
  };
}

globalThis.echarts = { blocks, dispose, getInstanceByDom, init };
