// An OpenAI SDK agent loop, written as its users write it, pointed at Maestro's OpenAI-compatible endpoint.
// Usage: node openai-tool-loop.mjs BASE_URL MODE   (MODE: manual = a hand-written loop without streaming,
// manualStream = the same loop streaming, piecing the calls together from their deltas, runTools = the SDK's own
// streaming tool runner). The SDK comes from OPENAI_NODE_DIR (scripts/openai-node.sh).
// Prints one JSON line: the calls the program ran, what it sent back, and the final answer.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [baseURL, mode] = process.argv.slice(2);
const require = createRequire(join(process.env.OPENAI_NODE_DIR, 'node_modules') + '/');
const OpenAI = require('openai').default ?? require('openai');
const client = new OpenAI({ baseURL, apiKey: 'sk-none', maxRetries: 0 });

const ran = [];
function getWeather({ city }) {
  ran.push(city);
  return `${city === 'Paris' ? 18 : 22} °C in ${city}`;
}
const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
const question = [{ role: 'user', content: 'What is the weather in Paris?' }];

async function manual() {
  const messages = [...question];
  const tools = [{ type: 'function', function: { name: 'get_weather', description: 'Current weather of a city', parameters } }];
  for (let round = 0; round < 5; round++) {
    const r = await client.chat.completions.create({ model: 'maestro', messages, tools });
    const choice = r.choices[0];
    if (choice.finish_reason !== 'tool_calls') return choice.message.content;
    messages.push(choice.message);
    for (const call of choice.message.tool_calls) {
      messages.push({ role: 'tool', tool_call_id: call.id, content: getWeather(JSON.parse(call.function.arguments)) });
    }
  }
  throw new Error('no answer after 5 rounds');
}

async function manualStream() {
  const messages = [...question];
  const tools = [{ type: 'function', function: { name: 'get_weather', description: 'Current weather of a city', parameters } }];
  for (let round = 0; round < 5; round++) {
    const stream = await client.chat.completions.create({ model: 'maestro', messages, tools, stream: true });
    let content = '';
    let finish = null;
    const calls = [];
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (!choice) continue;
      content += choice.delta.content ?? '';
      for (const d of choice.delta.tool_calls ?? []) {
        const call = (calls[d.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
        if (d.id) call.id = d.id;
        if (d.function?.name) call.function.name = d.function.name;
        call.function.arguments += d.function?.arguments ?? '';
      }
      finish = choice.finish_reason ?? finish;
    }
    if (finish !== 'tool_calls') return content;
    messages.push({ role: 'assistant', content: null, tool_calls: calls });
    for (const call of calls) {
      messages.push({ role: 'tool', tool_call_id: call.id, content: getWeather(JSON.parse(call.function.arguments)) });
    }
  }
  throw new Error('no answer after 5 rounds');
}

async function runTools() {
  const runner = client.chat.completions.runTools({
    model: 'maestro', stream: true, messages: [...question],
    tools: [{ type: 'function', function: { name: 'get_weather', function: getWeather, parse: JSON.parse, description: 'Current weather of a city', parameters } }],
  });
  let streamed = '';
  runner.on('content', (delta) => { streamed += delta; });
  const answer = await runner.finalContent();
  return streamed === answer ? answer : `streamed '${streamed}' but final '${answer}'`;
}

const loops = { manual, manualStream, runTools };
if (!loops[mode]) throw new Error(`unknown mode '${mode}'; use ${Object.keys(loops).join(', ')}`);
const answer = await loops[mode]();
console.log(JSON.stringify({ ran, answer }));
