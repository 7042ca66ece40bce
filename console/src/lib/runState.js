// The state of one run as its stream arrives: a pure reducer over the server's SSE frames, so it is testable
// without a browser. Node states: idle, planning, executing, complete, error (and waiting, for an interrupt).

/** Graph nodes that route and plan rather than answer. */
export const PLANNING_NODES = new Set(['classify', 'planner']);
/** The graph's fixed nodes, in the order they run; agent nodes go between fan-out and merge. */
export const PIPELINE = ['load_memory', 'classify', 'planner', 'fan_out', '*agents*', 'merge', 'review', 'revise', 'save_memory'];
/** Shown before a run says more: the path every turn takes. */
const ALWAYS = ['load_memory', 'classify', 'save_memory'];
const SYSTEM_NODES = new Set(PIPELINE);

export function isAgentNode(name) {
  return !SYSTEM_NODES.has(name);
}

export function initialRun(knownAgents = []) {
  const nodes = {};
  for (const n of ALWAYS) nodes[n] = blankNode(n);
  for (const a of knownAgents) nodes[a] = blankNode(a);
  return {
    status: 'idle', // idle | running | done | failed | interrupted
    runId: null,
    conversationId: null,
    question: '',
    answer: '',
    route: null,
    plan: null,
    retrieval: null, // {strategy, sources} of the first agent that retrieved
    nodes,
    sources: [],
    usage: null,
    timings: null,
    error: null,
    interrupt: null,
    startedAt: null,
    events: 0,
  };
}

function blankNode(name) {
  return { name, state: 'idle', tokens: 0, inputTokens: 0, outputTokens: 0, ms: null, startedAt: null, error: null, model: null, retrieval: null, tools: [] };
}

function touch(run, name) {
  const nodes = { ...run.nodes };
  nodes[name] = { ...(nodes[name] || blankNode(name)) };
  return { run: { ...run, nodes }, node: nodes[name] };
}

/** Applies one SSE frame ({event, data}) to the run; returns the new run. */
export function reduce(run, frame) {
  const { event, data = {} } = frame;
  const d = data && typeof data === 'object' ? data : {};
  let next = { ...run, events: run.events + 1 };
  switch (event) {
    case 'start': {
      // local: the prompt was sent
      const fresh = initialRun(Object.keys(run.nodes).filter(isAgentNode));
      return { ...fresh, status: 'running', question: d.question || '', startedAt: d.at || Date.now() };
    }
    case 'run':
      return { ...next, runId: d.run_id || null, conversationId: d.conversation_id || null };
    case 'run_started':
    case 'resumed':
      return { ...next, status: 'running' };
    case 'node_started': {
      if (!d.node) return next;
      const t = touch(next, d.node);
      t.node.state = PLANNING_NODES.has(d.node) || isAgentNode(d.node) ? 'planning' : 'executing';
      t.node.startedAt = d.at_ms || Date.now();
      t.node.error = null;
      t.node.ms = null;
      return t.run;
    }
    case 'token': {
      const name = nodeForAgent(next, d.agent || d.node, d.parallel);
      const t = touch(next, name);
      t.node.state = 'executing';
      t.node.tokens += 1;
      t.run.answer = d.parallel ? t.run.answer : t.run.answer + (d.text || '');
      return t.run;
    }
    case 'usage': {
      const name = d.key === 'planner' || d.key === 'review' ? d.key : nodeForAgent(next, d.agent || d.node, false);
      const t = touch(next, name);
      t.node.inputTokens += Number(d.input_tokens) || 0;
      t.node.outputTokens += Number(d.output_tokens) || 0;
      t.node.model = d.model || t.node.model;
      return t.run;
    }
    case 'node_finished': {
      if (!d.node) return next;
      const t = touch(next, d.node);
      t.node.state = 'complete';
      t.node.ms = typeof d.ms === 'number' ? d.ms : t.node.startedAt && d.at_ms ? d.at_ms - t.node.startedAt : null;
      return t.run;
    }
    case 'node_failed': {
      if (!d.node) return next;
      const t = touch(next, d.node);
      t.node.state = 'error';
      t.node.error = d.error || 'failed';
      if (typeof d.ms === 'number') t.node.ms = d.ms;
      return t.run;
    }
    case 'route':
      return { ...next, route: d };
    case 'retrieval': {
      const name = nodeForAgent(next, d.agent || d.node, d.parallel);
      const t = touch(next, name);
      t.node.retrieval = { strategy: d.strategy || '', sources: Array.isArray(d.sources) ? d.sources.length : 0 };
      t.run.retrieval = t.run.retrieval || t.node.retrieval;
      return t.run;
    }
    case 'plan':
      return { ...next, plan: Array.isArray(d.steps) ? d.steps : null };
    case 'tool_call':
    case 'tool_result': {
      // one badge per call on its agent's node: running until its result, then ok or error with the duration
      const name = nodeForAgent(next, d.agent || d.node, d.parallel);
      const t = touch(next, name);
      const tools = [...(t.node.tools || [])];
      const at = tools.findIndex((c) => c.call === d.call && d.call);
      const known = at >= 0 ? tools[at] : { call: d.call || `#${tools.length + 1}`, tool: d.tool || '?', state: 'running', ms: null, arguments: null, risk: null, error: null };
      const updated = event === 'tool_call'
        ? { ...known, tool: d.tool || known.tool, arguments: d.arguments ?? known.arguments, risk: d.risk || known.risk }
        : { ...known, state: d.ok ? 'ok' : 'error', ms: typeof d.ms === 'number' ? d.ms : known.ms, error: d.ok ? null : d.error || 'failed' };
      if (at >= 0) tools[at] = updated; else tools.push(updated);
      t.node.tools = tools;
      return t.run;
    }
    case 'interrupted': {
      const where = d.node || d.agent;
      const call = d.tool ? { tool: d.tool, arguments: d.arguments ?? '', risk: d.risk || '' } : null;
      let r = { ...next, status: 'interrupted', interrupt: { node: where, agent: d.agent || '', call } };
      if (where) {
        const t = touch(r, where);
        t.node.state = 'waiting';
        r = t.run;
      }
      return r;
    }
    case 'run_finished':
      return next;
    case 'run_failed':
      return failOpen({ ...next, status: 'failed', error: d.error || 'the run failed' });
    case 'done':
      return {
        ...next,
        status: d.status === 'interrupted' || next.status === 'interrupted' ? 'interrupted' : 'done',
        answer: typeof d.answer === 'string' && d.answer !== '' ? d.answer : next.answer,
        sources: Array.isArray(d.sources) ? d.sources : [],
        retrieval: next.retrieval || (d.retrieval ? { strategy: d.retrieval, sources: Array.isArray(d.sources) ? d.sources.length : 0 } : null),
        usage: d.usage || null,
        timings: d.timings || null,
        route: next.route || (d.route ? { route: d.route, agent: d.agent } : null),
      };
    case 'error':
      return failOpen({ ...next, status: 'failed', error: d.message || (typeof data === 'string' ? data : 'the run failed') });
    default:
      return next;
  }
}

/** What the approval prompt says: the tool call and its arguments when a call waits, else the supervised agent. */
export function approvalText(interrupt) {
  if (!interrupt) return 'An agent waits for approval.';
  const who = interrupt.agent || 'An agent';
  if (interrupt.call) {
    const args = typeof interrupt.call.arguments === 'string' ? interrupt.call.arguments : JSON.stringify(interrupt.call.arguments);
    return `${who} wants to call ${interrupt.call.tool}${interrupt.call.risk ? ` (${interrupt.call.risk})` : ''} with ${args}`;
  }
  return `${who} is supervised.`;
}

/** A tool badge's label: the tool, and its duration once it ended. */
export function toolLabel(call) {
  return call.ms != null ? `${call.tool} · ${call.ms} ms` : call.tool;
}

/** Marks nodes still planning or executing as failed. */
function failOpen(run) {
  const nodes = { ...run.nodes };
  for (const [k, n] of Object.entries(nodes)) {
    if (n.state === 'planning' || n.state === 'executing') nodes[k] = { ...n, state: 'error', error: run.error };
  }
  return { ...run, nodes };
}

/** The graph node that an agent's tokens belong to: its parallel branch when one is running, else its own node. */
function nodeForAgent(run, agent, parallel) {
  if (!agent) return 'agent';
  const branch = agent + '_parallel';
  if (parallel || (run.nodes[branch] && run.nodes[branch].state !== 'idle' && run.nodes[branch].state !== 'complete')) return branch;
  return agent;
}

/** Nodes grouped into columns, in pipeline order; unknown (agent) nodes form the middle column. */
export function layout(run) {
  const present = Object.keys(run.nodes);
  const columns = [];
  for (const step of PIPELINE) {
    if (step === '*agents*') {
      const agents = present.filter(isAgentNode).sort();
      columns.push(agents.length ? agents : ['agent']);
    } else if (present.includes(step)) {
      columns.push([step]);
    }
  }
  return columns.map((names) => names.map((n) => run.nodes[n] || blankNode(n)));
}
