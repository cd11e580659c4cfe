/**
 * The page at `/` of the flagship's status server: self-contained (no external file), it
 * asks `/status` twice a second and shows the figures; when the demo has stopped, it says
 * so and stops asking.
 */
export const STATUS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>ginsfsm flagship</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 46em; color: #222; }
  h1 { font-size: 1.4em; }
  table { border-collapse: collapse; margin: 1em 0; width: 100%; }
  td, th { padding: .25em .6em; text-align: left; border-bottom: 1px solid #ddd; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; }
  .bar { height: .8em; background: #eee; border-radius: .4em; overflow: hidden; }
  .bar div { height: 100%; background: #3a7; width: 0; transition: width .4s; }
  #note { color: #777; }
</style>
</head>
<body>
<h1>ginsfsm flagship: Demo, Echo and Stress</h1>
<div class="bar"><div id="bar"></div></div>
<table>
  <tr><th>phase</th><td id="phase" class="n"></td></tr>
  <tr><th>elapsed</th><td id="elapsed" class="n"></td></tr>
  <tr><th>connections open</th><td id="connections" class="n"></td></tr>
  <tr><th>round trips</th><td id="done" class="n"></td></tr>
  <tr><th>rate</th><td id="rate" class="n"></td></tr>
  <tr><th>latency p50 / p90 / p99 / max</th><td id="latency" class="n"></td></tr>
  <tr><th>bytes echoed by Echo</th><td id="echoed" class="n"></td></tr>
  <tr><th>errors</th><td id="errors" class="n"></td></tr>
</table>
<table id="gaplics">
  <tr><th>gaplic</th><th>roles</th><th>runs in</th><th>state</th><th>events sent / received</th></tr>
</table>
<p id="note">Figures from <a href="status">/status</a>, twice a second.</p>
<script>
const n = (x) => Math.round(x).toLocaleString('en-US');
const ms = (x) => x.toFixed(2) + ' ms';
const set = (id, text) => { document.getElementById(id).textContent = text; };
function show(s) {
  const m = s.messages;
  set('phase', s.phase);
  set('elapsed', s.elapsed.toFixed(1) + ' s');
  set('connections', s.connections.open + ' of ' + s.connections.asked);
  set('done', n(m.done) + (m.total > 0 ? ' of ' + n(m.total) : ''));
  set('rate', n(m.rate) + ' /s');
  const l = s.latencyMs;
  set('latency', l ? [l.p50, l.p90, l.p99, l.max].map(ms).join(' / ') : '');
  set('echoed', s.echo ? n(s.echo.bytes) : '');
  set('errors', n(m.errors));
  document.getElementById('bar').style.width = (m.total > 0 ? (100 * m.done) / m.total : 0) + '%';
  const table = document.getElementById('gaplics');
  while (table.rows.length > 1) table.deleteRow(1);
  for (const g of s.gaplics) {
    const row = table.insertRow();
    const where = g.placement ? g.placement.placement + ' ' + g.placement.id : '';
    const events = g.events ? n(g.events.sent) + ' / ' + n(g.events.received) : '';
    for (const text of [g.name, g.roles.join(', '), where, g.state, events]) {
      row.insertCell().textContent = text;
    }
  }
}
async function poll() {
  try {
    const answer = await fetch('status', { cache: 'no-store' });
    show(await answer.json());
    setTimeout(poll, 500);
  } catch {
    set('note', 'The demo has stopped.');
  }
}
poll();
</script>
</body>
</html>
`;
