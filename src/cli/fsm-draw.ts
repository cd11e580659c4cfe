/**
 * FSM diagrams of a gclass, as ginsfsm's fsmdraw drew them: Mermaid `stateDiagram-v2` text
 * (for docs that render Mermaid) and a self-contained SVG (states stacked in declaration
 * order, one row per transition with its event and action, next-state arrows on the right,
 * input events as coloured lanes coming from the top or the bottom on the left, output
 * events listed top and bottom right; one colour per event).
 */
import type { FsmDescriptor } from '../fsm/descriptor.js';
import { parseEventDeclaration } from '../fsm/event-declaration.js';

/** One transition of the diagram. */
export interface DrawnRow {
  readonly state: string;
  readonly event: string;
  /** The action's function name, `''` for an anonymous one, `null` for none. */
  readonly action: string | null;
  /** The next state, `null` to stay. */
  readonly next: string | null;
}

/** One event of the diagram and where it is drawn. */
export interface DrawnEvent {
  readonly name: string;
  readonly input: boolean;
  readonly output: boolean;
  /** `bottom` when the declaration says so, else `top`. */
  readonly side: 'top' | 'bottom';
  readonly color: string;
}

/** What a diagram shows of a machine. */
export interface FsmModel {
  readonly name: string;
  readonly states: readonly string[];
  readonly events: readonly DrawnEvent[];
  readonly rows: readonly DrawnRow[];
}

const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#17becf',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#393b79',
  '#637939',
  '#843c39',
  '#7b4173',
  '#3182bd',
];

/** The model of a descriptor (`name` is the gclass's). */
export function fsmModel(name: string, fsm: FsmDescriptor): FsmModel {
  const events = fsm.eventList.map((entry, index): DrawnEvent => {
    const { name: event, groups } = parseEventDeclaration(entry);
    const words = groups.flat();
    const output = words.includes('output');
    return {
      name: event,
      output,
      input: words.includes('input') || !output,
      side: words.includes('bottom') ? 'bottom' : 'top',
      color: PALETTE[index % PALETTE.length]!,
    };
  });
  const rows: DrawnRow[] = [];
  for (const state of fsm.stateList) {
    for (const [event, action, next] of fsm.machine[state] ?? []) {
      rows.push({ state, event, action: action === null ? null : action.name, next });
    }
  }
  return { name, states: [...fsm.stateList], events, rows };
}

function rowLabel(row: DrawnRow): string {
  return row.action === null
    ? row.event
    : `${row.event} / ${row.action === '' ? '(anonymous)' : row.action}`;
}

function mermaidId(state: string): string {
  return state.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Mermaid `stateDiagram-v2` text. */
export function fsmToMermaid(name: string, fsm: FsmDescriptor): string {
  const model = fsmModel(name, fsm);
  const lines = ['---', `title: ${name}`, '---', 'stateDiagram-v2'];
  for (const state of model.states) {
    if (mermaidId(state) !== state) lines.push(`  state "${state}" as ${mermaidId(state)}`);
  }
  if (model.states.length > 0) lines.push(`  [*] --> ${mermaidId(model.states[0]!)}`);
  for (const row of model.rows) {
    const to = mermaidId(row.next ?? row.state);
    lines.push(`  ${mermaidId(row.state)} --> ${to} : ${rowLabel(row).replace(/:/g, '#58;')}`);
  }
  const groups: [string, (e: DrawnEvent) => boolean][] = [
    ['top input', (e) => e.input && e.side === 'top'],
    ['bottom input', (e) => e.input && e.side === 'bottom'],
    ['top output', (e) => e.output && e.side === 'top'],
    ['bottom output', (e) => e.output && e.side === 'bottom'],
  ];
  const notes = groups
    .map(([label, test]) => [label, model.events.filter(test).map((e) => e.name)] as const)
    .filter(([, names]) => names.length > 0)
    .map(([label, names]) => `    ${label}: ${names.join(', ')}`);
  if (notes.length > 0 && model.states.length > 0) {
    lines.push(`  note right of ${mermaidId(model.states[0]!)}`, ...notes, '  end note');
  }
  return `${lines.join('\n')}\n`;
}

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const CHAR = 7.2; // the advance of the 12px monospace font
const TITLE_H = 26;
const ROW_H = 20;
const GAP = 40;
const LANE = 14;

/** A self-contained SVG picture. */
export function fsmToSvg(name: string, fsm: FsmDescriptor): string {
  const model = fsmModel(name, fsm);
  const inputs = model.events.filter((e) => e.input);
  const outputs = model.events.filter((e) => e.output);
  const topOut = outputs.filter((e) => e.side === 'top');
  const bottomOut = outputs.filter((e) => e.side === 'bottom');
  const labels = [...model.states, ...model.rows.map(rowLabel)];
  const boxW = Math.max(160, ...labels.map((l) => l.length * CHAR + 40));
  const left = 30 + inputs.length * LANE + 20;
  const topBand = 60 + (inputs.some((e) => e.side === 'top') ? 80 : 0) + topOut.length * 16;
  // Where each state and row is.
  const stateY = new Map<string, number>();
  const rowY: number[] = [];
  let y = topBand;
  for (const state of model.states) {
    stateY.set(state, y);
    y += TITLE_H;
    for (const row of model.rows) if (row.state === state) rowY.push((y += ROW_H) - ROW_H / 2);
    y += 8 + GAP;
  }
  const statesBottom = y - GAP;
  const changes = model.rows.filter((r) => r.next !== null && r.next !== r.state).length;
  const width = left + boxW + 40 + changes * 10 + 200;
  const height =
    statesBottom + 40 + (inputs.some((e) => e.side === 'bottom') ? 80 : 0) + bottomOut.length * 16;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${Math.ceil(height)}" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}" font-family="monospace" font-size="12">`,
    `<title>${xml(name)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>',
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="30" y="30" font-size="20" font-weight="bold">${xml(name)}</text>`,
  ];
  // States: a box each, a title, a separator, a row per transition.
  let r = 0;
  for (const state of model.states) {
    const top = stateY.get(state)!;
    const rows = model.rows.filter((row) => row.state === state);
    const h = TITLE_H + rows.length * ROW_H + 8;
    out.push(
      `<g class="state" id="state-${xml(state)}">`,
      `<rect x="${left + 3}" y="${top + 3}" width="${boxW}" height="${h}" rx="8" fill="#ccc"/>`,
      `<rect x="${left}" y="${top}" width="${boxW}" height="${h}" rx="8" fill="#f5f0dc" stroke="#444"/>`,
      `<text x="${left + boxW / 2}" y="${top + 18}" text-anchor="middle" font-weight="bold">${xml(state)}</text>`,
      `<line x1="${left}" y1="${top + TITLE_H}" x2="${left + boxW}" y2="${top + TITLE_H}" stroke="#444"/>`,
    );
    for (const row of rows) {
      const color = model.events.find((e) => e.name === row.event)?.color ?? '#000';
      const cy = rowY[r++]!;
      out.push(
        `<circle cx="${left}" cy="${cy}" r="3.5" fill="${color}"/>`,
        `<text class="row" x="${left + 12}" y="${cy + 4}" fill="${color}">${xml(rowLabel(row))}</text>`,
        `<rect x="${left + boxW - 4}" y="${cy - 4}" width="8" height="8" fill="#444"/>`,
      );
    }
    out.push('</g>');
  }
  // The initial state.
  if (model.states.length > 0) {
    const t = stateY.get(model.states[0]!)! + TITLE_H / 2;
    out.push(
      `<circle cx="${left + boxW + 30}" cy="${t - 30}" r="6" fill="#444"/>`,
      `<path d="M${left + boxW + 30},${t - 24} L${left + boxW + 2},${t}" stroke="#444" fill="none" marker-end="url(#arrow)"/>`,
    );
  }
  // Next-state curves on the right.
  let k = 0;
  r = 0;
  for (const row of model.rows) {
    const from = rowY[r++]!;
    if (row.next === null || row.next === row.state) continue;
    const to = stateY.get(row.next);
    if (to === undefined) continue;
    const color = model.events.find((e) => e.name === row.event)?.color ?? '#444';
    const x = left + boxW + 4;
    const bend = x + 40 + 10 * k++;
    out.push(
      `<path class="next" d="M${x},${from} C${bend},${from} ${bend},${to + TITLE_H / 2} ${left + boxW + 2},${to + TITLE_H / 2}" stroke="${color}" fill="none" marker-end="url(#arrow)"><title>${xml(`${row.state} → ${row.next} on ${row.event}`)}</title></path>`,
    );
  }
  // Input lanes: from the top or the bottom edge, into every row handling the event.
  inputs.forEach((event, lane) => {
    const x = 30 + lane * LANE;
    const ys: number[] = [];
    model.rows.forEach((row, i) => {
      if (row.event === event.name) ys.push(rowY[i]!);
    });
    const edge = event.side === 'top' ? topBand - 20 : statesBottom + 20;
    const far = ys.length === 0 ? edge : event.side === 'top' ? Math.max(...ys) : Math.min(...ys);
    const lines = [
      `<line x1="${x}" y1="${edge}" x2="${x}" y2="${far}" stroke="${event.color}" stroke-width="2"/>`,
    ];
    for (const cy of ys) {
      lines.push(
        `<path d="M${x},${cy} L${left - 5},${cy}" stroke="${event.color}" fill="none" marker-end="url(#arrow)"/>`,
      );
    }
    const rotate = event.side === 'top' ? -45 : 45;
    lines.push(
      `<text x="${x}" y="${edge - 4}" transform="rotate(${rotate} ${x} ${edge - 4})" fill="${event.color}">${xml(event.name)}</text>`,
    );
    out.push(`<g class="input ${event.side}">`, ...lines, '</g>');
  });
  // Outputs: listed top and bottom right, with an arrow out.
  const outX = left + boxW + 60;
  topOut.forEach((event, i) => {
    out.push(
      `<text class="output top" x="${outX}" y="${topBand - 10 - i * 16}" fill="${event.color}">↑ ${xml(event.name)} (top output)</text>`,
    );
  });
  bottomOut.forEach((event, i) => {
    out.push(
      `<text class="output bottom" x="${outX}" y="${statesBottom + 30 + i * 16}" fill="${event.color}">↓ ${xml(event.name)} (bottom output)</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
