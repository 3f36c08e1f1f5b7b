// The scenarios page (the library; run one) and a run's page (its timeline and expectations as they happen, the
// report at the end). One scenario runs at a time: a second start is refused with the reason.
import { h, show, get, post, problem, state, status } from './dom.js';

export async function drawScenarios(main) {
  const message = h('div', { 'aria-live': 'polite' });
  const answer = await get('/api/scenarios');
  const cards = answer.scenarios.map(scenario => h('article', { class: 'card', 'data-scenario': scenario.name },
    h('h2', {}, scenario.title || scenario.name), h('p', { class: 'muted mono' }, scenario.name),
    scenario.error ? h('p', { class: 'problem' }, scenario.error) : h('p', {}, scenario.description),
    scenario.exercise ? h('p', {}, h('strong', {}, 'Exercise: '), scenario.exercise) : null,
    h('button', { type: 'button', onclick: async () => {
      try {
        const run = await post(`/api/scenarios/${encodeURIComponent(scenario.name)}/runs`);
        location.assign(run.page);
      } catch (error) {
        show(message, problem(error));
      }
    } }, `Run ${scenario.name}`)));
  const runs = answer.runs.length === 0 ? h('p', { class: 'muted' }, 'None yet.')
    : h('ul', {}, answer.runs.map(run => h('li', {}, h('a', { href: `/scenarios/runs/${run.id}` }, run.id), ' ',
      state(run.running ? 'running' : run.verdict))));
  show(main, h('h1', {}, 'Scenarios'), message, h('h2', {}, 'Latest runs'), runs, h('h2', {}, 'Library'),
    h('div', { class: 'cards' }, cards));
}

export async function drawRun(main, id) {
  const head = h('div');
  const checks = h('div');
  const timeline = h('tbody');
  const report = h('pre', { hidden: true });
  const stop = h('button', { class: 'secondary', type: 'button', onclick: async () => {
    try { await post(`/api/scenarios/runs/${encodeURIComponent(id)}/stop`); } catch (error) { head.append(problem(error)); }
  } }, 'Stop (the rollbacks run)');
  show(main, head, stop, h('h2', {}, 'Expectations'), checks, h('h2', {}, 'Timeline'),
    h('table', {}, h('thead', {}, h('tr', {}, ['t', 'type', 'name', 'outcome', 'details'].map(t => h('th', {}, t)))), timeline),
    h('h2', {}, 'Report'), report);
  const refresh = async () => {
    const run = await get(`/api/scenarios/runs/${encodeURIComponent(id)}`);
    show(head, h('h1', {}, `${run.title} `, state(run.running ? 'running' : run.verdict)),
      run.reason ? h('p', {}, run.reason) : h('p', { class: 'muted' }, 'Running…'));
    const expectations = run.entries.filter(e => e.type === 'expectation' || (e.type === 'steady-state'));
    show(checks, expectations.length === 0 ? h('p', { class: 'muted' }, 'None decided yet.')
      : h('ul', {}, expectations.map(e => h('li', { 'data-check': e.name }, state(e.outcome), ` ${e.name}`,
        e.details && e.details.detail ? h('span', { class: 'muted' }, ` (${e.details.detail})`) : null))));
    timeline.replaceChildren(...run.entries.map(e => h('tr', {},
      h('td', { class: 'num' }, `+${e.t.toFixed(1)}s`), h('td', {}, e.type), h('td', {}, e.name), h('td', {}, state(e.outcome)),
      h('td', { class: 'mono' }, Object.entries(e.details || {}).filter(([k]) => k !== 'fault')
        .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join('  ')))));
    stop.hidden = !run.running;
    if (!run.running) {
      report.hidden = false;
      report.textContent = run.report;
    }
    status(`run ${id} · ${new Date().toLocaleTimeString()}`);
    return run.running;
  };
  if (await refresh()) {
    const timer = setInterval(async () => {
      try {
        if (!(await refresh())) clearInterval(timer);
      } catch (error) {
        status('the console does not answer');
      }
    }, 1000);
  }
}
