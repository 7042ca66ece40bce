// An OpenAI SDK agent loop, written as its users write it, pointed at Maestro's OpenAI-compatible endpoint.
// Usage: node openai-tool-loop.mjs BASE_URL MODE   (MODE: manual = a hand-written loop without streaming,
// runTools = the SDK's own streaming tool runner). The SDK comes from OPENAI_NODE_DIR (scripts/openai-node.sh).
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

const answer = mode === 'runTools' ? await runTools() : await manual();
console.log(JSON.stringify({ ran, answer }));
