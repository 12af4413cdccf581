// The chart library the app loads, built from npm's ECharts before each build (esbuild and
// terser, scripts/build-echarts.mjs): only the chart types and components the charts use
// (src/charts), tree-shaken from `echarts/core`, never the full `echarts.min.js`. The app reads
// it as `window.echarts`: only the functions it calls (`init`, `dispose`, and `getInstanceByDom`
// for the tests that read what is drawn), so the bundler drops the rest of the core's exports.
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

globalThis.echarts = { dispose, getInstanceByDom, init };
