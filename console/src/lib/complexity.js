// The same surface rules as the server's ComplexityEstimator (agents/.../routing/ComplexityEstimator.java):
// points for length, question marks, multi-step words, code and lists; < 2 simple, < 4 moderate, else complex.

export const LONG_WORDS = 40;
export const VERY_LONG_WORDS = 120;
export const MODERATE_AT = 2;
export const COMPLEX_AT = 4;

const MULTI_STEP = [
  'then', 'after that', 'afterwards', 'finally', 'step[- ]by[- ]step', 'compare', 'comparison', 'versus',
  'vs\\.?', 'pros and cons', 'trade[- ]?offs?', 'plan', 'design', 'architect(ure)?', 'analy[sz]e',
  'evaluate', 'refactor', 'migrate', 'optimi[sz]e', 'implement', 'break (it |this )?down', 'in detail',
].map((w) => new RegExp('\\b' + w + '\\b'));
const FENCE = /```|~~~/;
const CODE_LINE = /^( {4}|\t)\S|[;{}]\s*$|\b(def|class|function|public|return|import)\b.*[(:{]/gm;
const LIST_ITEM = /^\s*([-*\u2022]|\d+[.)])\s+\S/gm;

function count(re, text) {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null) {
    n++;
  }
  return n;
}

/** The points behind the estimate, with the reasons, e.g. {points: 3, reasons: ['multi-step: compare', ...]}. */
export function score(request) {
  const text = String(request ?? '').toLowerCase();
  const reasons = [];
  const wordCount = text.trim() === '' ? 0 : text.trim().split(/\s+/).length;
  let points = wordCount > VERY_LONG_WORDS ? 2 : wordCount > LONG_WORDS ? 1 : 0;
  if (points > 0) reasons.push(`${wordCount} words`);

  const questions = (text.match(/\?/g) || []).length;
  const q = questions >= 4 ? 2 : questions >= 2 ? 1 : 0;
  if (q > 0) reasons.push(`${questions} questions`);
  points += q;

  const markers = MULTI_STEP.filter((re) => re.test(text)).length;
  points += markers >= 2 ? 4 : markers === 1 ? 2 : 0;
  if (markers > 0) reasons.push(markers === 1 ? '1 multi-step word' : `${markers} multi-step words`);

  if (FENCE.test(text) || count(CODE_LINE, text) >= 2) {
    points++;
    reasons.push('code');
  }
  if (count(LIST_ITEM, text) >= 3) {
    points++;
    reasons.push('list');
  }
  return { points, reasons };
}

/** 'simple' | 'moderate' | 'complex', as the server's router would estimate it. */
export function estimate(request) {
  const { points } = score(request);
  return points < MODERATE_AT ? 'simple' : points < COMPLEX_AT ? 'moderate' : 'complex';
}
