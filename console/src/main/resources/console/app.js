// The console's pages: each address draws its page into <main>; every change to the sandbox goes through post()/del(),
// which carry the anti-forgery token only this origin can read.
import { drawMap } from './map.js';
import { drawCharts } from './charts.js';
import { drawFaults } from './faults.js';
import { drawScenarios, drawRun } from './scenarios.js';
import { drawTraces, drawTrace } from './traces.js';
import { drawLogs } from './logs.js';
import { drawSecurity } from './security.js';
import { h, show, problem } from './dom.js';

const routes = [
  [/^\/$/, drawMap],
  [/^\/charts$/, drawCharts],
  [/^\/faults$/, drawFaults],
  [/^\/scenarios$/, drawScenarios],
  [/^\/scenarios\/runs\/([\w.-]+)$/, drawRun],
  [/^\/traces$/, drawTraces],
  [/^\/traces\/([0-9a-f]{32})$/, drawTrace],
  [/^\/logs$/, drawLogs],
  [/^\/security$/, drawSecurity],
];

const main = document.getElementById('page');
for (const link of document.querySelectorAll('header nav a')) {
  const here = location.pathname === link.getAttribute('href')
    || (link.getAttribute('href') !== '/' && location.pathname.startsWith(link.getAttribute('href') + '/'));
  if (here) link.setAttribute('aria-current', 'page');
}
const route = routes.find(([pattern]) => pattern.test(location.pathname));
if (route) {
  const [, ...args] = location.pathname.match(route[0]);
  route[1](main, ...args).catch(error => show(main, problem(error)));
} else {
  show(main, h('p', {}, 'No page here.'));
}
