// serve.test.mjs -- the page of `dyad serve` in Chromium (playwright-core):
// load it on a running server (DYAD_SERVE_URL), choose the RUS-PRK dyad,
// check that the timeline, the network and the event table show what the
// API says, click the event whose sentence has the most multi-byte
// characters before its spans and check the highlighted texts; no console
// errors (a CSP violation is one). Screenshots go to DYAD_ARTEFACTS.
// Prints PASS/FAIL lines (tests/run.sh); run by tests/cases/serve.sh.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const URL = process.env.DYAD_SERVE_URL;
const ART = process.env.DYAD_ARTEFACTS || tmpdir();
if (!URL) {
  console.log('SKIP serve-e2e: DYAD_SERVE_URL is not set');
  process.exit(0);
}

let failed = 0;
function check(name, ok, why) {
  if (ok) console.log(`PASS ${name}`);
  else {
    failed++;
    console.log(`FAIL ${name}: ${why}`);
  }
}

async function api(path) {
  const res = await fetch(URL + 'api/' + path);
  return res.json();
}

const profile = mkdtempSync(join(tmpdir(), 'dyad-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1400, height: 1000 },
});
const shots = [];
try {
  const page = browser.pages()[0] || (await browser.newPage());
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));

  await page.goto(URL, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready]', { timeout: 20000 });
  const info = await api('info');
  check('e2e-info', (await page.textContent('#info')).includes(`${info.events} events`), 'no event count in the header');
  check('e2e-map-outlines', (await page.locator('#map path.land').count()) === 1, 'no country outlines');
  shots.push(join(ART, 'serve-1-start.png'));
  await page.screenshot({ path: shots.at(-1), fullPage: true });

  // The dyad: RUS-PRK, or the busiest dyad when the database has none.
  let [a, b] = ['RUS', 'PRK'];
  let want = await api(`events?dyad=${a},${b}&limit=500&order=new`);
  if (!want.events.length) {
    const top = await api('top?what=dyads&n=1');
    [a, b] = [top.rows[0].source, top.rows[0].target];
    want = await api(`events?dyad=${a},${b}&limit=500&order=new`);
    console.log(`    no RUS-PRK events in this database: using ${a}-${b}`);
  }
  await page.fill('input[name=dyadA]', a);
  await page.fill('input[name=dyadB]', b);
  await page.evaluate(() => { delete document.body.dataset.ready; });
  await page.click('#apply');
  await page.waitForSelector('body[data-ready]:not([data-loading])', { timeout: 20000 });

  // The table: the API's first page, newest first.
  const ids = await page.$$eval('#events tbody tr', (rows) => rows.map((r) => Number(r.dataset.id)));
  const wantIds = want.events.slice(0, 50).map((e) => e.id);
  check('e2e-table', JSON.stringify(ids) === JSON.stringify(wantIds),
    `rows ${ids.slice(0, 5)}…, expected ${wantIds.slice(0, 5)}…`);
  check('e2e-hash', (await page.evaluate(() => location.hash)).includes('dyad=' + a + '%2C' + b), 'the filters are not in the URL');

  // The timeline: one group per month, the events summed.
  const tl = await api(`timeline?dyad=${a},${b}&by=month`);
  const periods = await page.$$eval('#timeline g.period', (gs) => gs.map((g) => [g.dataset.period, Number(g.dataset.events)]));
  check('e2e-timeline', JSON.stringify(periods) === JSON.stringify(tl.rows.map((r) => [r.month, r.events])),
    `periods ${JSON.stringify(periods)} vs ${JSON.stringify(tl.rows.map((r) => [r.month, r.events]))}`);
  const bars = await page.locator('#timeline rect').count();
  const wantBars = tl.rows.reduce((n, r) => n + [1, 2, 3, 4].filter((q) => r['q' + q]).length, 0);
  check('e2e-timeline-quads', bars === wantBars, `${bars} bars, expected ${wantBars}`);

  // The network: the dyad's actors, every edge between the two sides.
  const net = await api(`network?dyad=${a},${b}&n=60`);
  const nodes = await page.$$eval('#network g.node', (gs) => gs.map((g) => g.dataset.id).sort());
  check('e2e-network-nodes', JSON.stringify(nodes) === JSON.stringify(net.nodes.map((n) => n.id).sort()),
    `nodes ${nodes}`);
  const edges = await page.$$eval('#network path.edge', (ps) => ps.map((p) => [p.dataset.source, p.dataset.target]));
  check('e2e-network-edges', edges.length === net.edges.length && edges.length > 0 &&
    edges.every(([s, t]) => (s.startsWith(a) && t.startsWith(b)) || (s.startsWith(b) && t.startsWith(a))),
  `edges ${JSON.stringify(edges)}`);
  shots.push(join(ART, 'serve-2-dyad.png'));
  await page.screenshot({ path: shots.at(-1), fullPage: true });

  // The event whose spans sit after the most multi-byte characters: byte
  // and character offsets differ most there.
  const shown = want.events.slice(0, 50).filter((e) => e.spans.trigger && (e.spans.source || e.spans.target));
  const skew = (e) => {
    const s = Math.min(...Object.values(e.spans).filter(Boolean).map((x) => x[1]));
    return s - [...new TextDecoder().decode(new TextEncoder().encode(e.sentence).slice(0, s))].length;
  };
  shown.sort((x, y) => skew(y) - skew(x));
  const ev = shown[0];
  check('e2e-multibyte', ev && skew(ev) > 0, 'no event with multi-byte text before its spans');
  if (ev) {
    await page.click(`#events tbody tr[data-id="${ev.id}"]`);
    await page.waitForSelector('#detail-panel:not([hidden]) #sentence mark', { timeout: 10000 });
    const marks = await page.$$eval('#sentence mark', (ms) => ms.map((m) => [m.className, m.textContent]));
    const text = (cls) => marks.filter(([c]) => c.split(' ').includes(cls)).map(([, t]) => t).join('');
    for (const [name, cls, want] of [['source', 'hl-source', ev.source && ev.source.text],
      ['target', 'hl-target', ev.target && ev.target.text], ['trigger', 'hl-trigger', ev.trigger.text]]) {
      if (!ev.spans[name]) continue;
      check(`e2e-highlight-${name}`, text(cls) === want, `highlighted ${JSON.stringify(text(cls))}, expected ${JSON.stringify(want)}`);
    }
    const sentence = await page.textContent('#sentence');
    check('e2e-sentence', sentence === ev.sentence, 'the sentence is not shown whole');
    const art = await page.textContent('#article-fields');
    check('e2e-article', art.includes(ev.article.id) && (!ev.article.title || art.includes(ev.article.title)),
      'the article metadata is missing');
    check('e2e-mentions', (await page.locator('#mentions li').count()) >= 1, 'no reporting article listed');
    shots.push(join(ART, 'serve-3-event.png'));
    await page.screenshot({ path: shots.at(-1), fullPage: true });
  }

  // A network click filters by that actor.
  const first = net.nodes[0].id;
  await page.evaluate(() => { delete document.body.dataset.ready; });
  await page.click(`#network g.node[data-id="${first}"] circle`, { force: true });
  await page.waitForSelector('body[data-ready]:not([data-loading])', { timeout: 20000 });
  check('e2e-node-click', (await page.inputValue('input[name=actor]')) === first, 'the actor filter is not set');

  // A bad filter shows the API's message.
  await page.fill('input[name=from]', '2024-13');
  await page.click('#apply');
  await page.waitForSelector('#error:not([hidden])', { timeout: 10000 });
  check('e2e-error', (await page.textContent('#error')).includes('bad date'), 'no error shown');
  const real = errors.filter((e) => !/status of 400/.test(e));
  check('e2e-console', real.length === 0, real.slice(0, 3).join(' | '));
} catch (e) {
  check('e2e-run', false, String(e && e.stack ? e.stack.split('\n').slice(0, 3).join(' ') : e));
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
for (const s of shots) console.log(`    screenshot: ${s}`);
process.exit(failed ? 1 : 0);
