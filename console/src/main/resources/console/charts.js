// Charts of the last ten minutes (one point a second, from /api/charts): rate, error share, p50 and p99 per process,
// the breakers' states, retry amplification and bulkhead occupancy per dependency; every fault's start and end is
// shaded on the time axis. Drawn with uPlot (served from its webjar).
import { h, show, get, status } from './dom.js';

const CHARTS = [
  ['rps', 'Requests per second, by process', ''],
  ['errors', 'Errors (5xx) %, by process', '%'],
  ['p50', 'Latency p50 (ms), by process', 'ms'],
  ['p99', 'Latency p99 (ms), by process', 'ms'],
  ['breaker', 'Breaker state by caller → dependency (0 closed, 0.5 half-open, 1 open)', ''],
  ['amplification', 'Retry amplification (attempts per call) by caller → dependency', '×'],
  ['bulkhead', 'Bulkhead: calls running, by caller → dependency', ''],
];
const COLOURS = ['#2f5fd0', '#c0312b', '#1a7f37', '#9a6700', '#7b3fc4', '#0a7ea4', '#b35900', '#56606e'];

export async function drawCharts(main) {
  const grid = h('div', { class: 'charts' });
  const faults = h('ul', { 'aria-label': 'Faults in these ten minutes' });
  show(main, h('h1', {}, 'The last ten minutes'), grid, h('h2', {}, 'Faults in this window (shaded on every chart)'), faults);
  const plots = new Map();
  const refresh = async () => {
    const data = await get('/api/charts');
    for (const [prefix, title, unit] of CHARTS) {
      const keys = Object.keys(data.series).filter(key => key.startsWith(prefix + ':'));
      const frame = plots.get(prefix) || chart(grid, prefix, title);
      plots.set(prefix, frame);
      update(frame, data, keys, unit);
    }
    faults.replaceChildren(...(data.faults.length ? data.faults.map(f => h('li', {},
      `${f.kind} on ${f.process}: ${new Date(f.start).toLocaleTimeString()} → `
      + (f.end ? new Date(f.end).toLocaleTimeString() : 'still active'))) : [h('li', { class: 'muted' }, 'none')]));
    status(`charts · ${new Date().toLocaleTimeString()}`);
  };
  await refresh();
  setInterval(() => refresh().catch(() => status('the console does not answer')), 5000);
}

function chart(grid, prefix, title) {
  const box = h('figure', { class: 'chart', 'data-chart': prefix }, h('figcaption', {}, title));
  grid.append(box);
  return { box, plot: null, keys: '' };
}

function update(frame, data, keys, unit) {
  const times = data.times.map(t => t / 1000);
  const columns = [times, ...keys.map(key => data.series[key])];
  const signature = keys.join(',');
  if (!frame.plot || frame.keys !== signature) {
    if (frame.plot) frame.plot.destroy();
    frame.keys = signature;
    frame.plot = new uPlot({
      width: Math.min(760, frame.box.clientWidth || 560), height: 220,
      series: [{}, ...keys.map((key, i) => ({ label: key.split(':')[1], stroke: COLOURS[i % COLOURS.length],
        width: 2, spanGaps: false, value: (u, v) => v === null || v === undefined ? '–' : `${v.toFixed(2)}${unit}` }))],
      axes: [{}, { size: 60 }],
      hooks: { drawClear: [u => shadeFaults(u, frame.faults || [])] },
    }, columns, frame.box);
  } else {
    frame.plot.setData(columns);
  }
  frame.faults = data.faults;
}

/** Shades each fault's time on the plot, behind the lines. */
function shadeFaults(u, faults) {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.fillStyle = 'rgba(192, 49, 43, 0.12)';
  for (const fault of faults) {
    const from = u.valToPos(fault.start / 1000, 'x', true);
    const to = u.valToPos((fault.end || Date.now()) / 1000, 'x', true);
    const left = Math.max(bbox.left, from);
    const right = Math.min(bbox.left + bbox.width, to);
    if (right > left) ctx.fillRect(left, bbox.top, right - left, bbox.height);
  }
  ctx.restore();
}
