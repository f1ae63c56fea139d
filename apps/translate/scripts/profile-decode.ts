/**
 * Where decoding time goes: the shipped English-French model translates sentences (one per line
 * of the file given, default: 500 of the README's 2,000) greedily and with beam 5, batches of
 * 32, on WASM. Prints CPU seconds (process.cpuUsage: the machine may be shared, so wall time is
 * unsteady) and wall seconds, then the kernels of one batch by time (tf.profile).
 *
 *   node --import tsx scripts/profile-decode.ts /tmp/sentences.txt [beams=1,5] [profile=1]
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { loadCheckpoint, Translator, type Seq2SeqConfig, type TranslationData } from '@seq2seq/seq2seq';

const file = process.argv[2];
const beams = (process.argv[3] ?? '1,5').split(',').map(Number);
const doProfile = (process.argv[4] ?? '1') === '1';
tf.env().set('PROD', true);
await tf.setBackend('wasm');
const translator = Translator.fromCheckpoint(
  await loadCheckpoint<Seq2SeqConfig, TranslationData>(new URL('../models/eng-fra', import.meta.url).pathname, { kind: 'seq2seq' }),
);
const sentences = readFileSync(file!, 'utf8').split('\n').filter((s) => s.trim() !== '');
let rowSteps = 0;
let steps = 0;
const cpuIn = { step: 0, gather: 0, encode: 0 };
const cpuNow = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const encode = translator.model.encode.bind(translator.model);
translator.model.encode = (b) => {
  const t = cpuNow();
  const r = encode(b);
  cpuIn.encode += cpuNow() - t;
  return r;
};
const stepModel = translator.model.stepModel.bind(translator.model);
translator.model.stepModel = (enc) => {
  const session = stepModel(enc);
  const step = session.model.step;
  session.model.step = (tokens, state) => {
    rowSteps += tokens.length;
    steps++;
    const t = cpuNow();
    const r = step(tokens, state);
    cpuIn.step += cpuNow() - t;
    return r;
  };
  const gather = session.model.gather;
  session.model.gather = (state, rows) => {
    const t = cpuNow();
    const r = gather(state, rows);
    cpuIn.gather += cpuNow() - t;
    return r;
  };
  return session;
};
translator.translate(sentences.slice(0, 4), { beamWidth: 2 });
for (const beam of beams) {
  const options = { method: beam > 1 ? ('beam' as const) : ('greedy' as const), beamWidth: beam, batchSize: Number(process.env.BATCH ?? 32) };
  rowSteps = steps = 0;
  cpuIn.step = cpuIn.gather = cpuIn.encode = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const out = translator.translate(sentences, options);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const hash = out.map((t) => t.text).join('\n');
  console.log(
    JSON.stringify({ beam, sentences: sentences.length, cpu: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)), wall: Number(wall.toFixed(2)), steps, rowSteps, cpuStep: Number(cpuIn.step.toFixed(2)), cpuGather: Number(cpuIn.gather.toFixed(2)), cpuEncode: Number(cpuIn.encode.toFixed(2)), textsHash: simpleHash(hash) }),
  );
  if (process.env.OUT) (await import('node:fs')).writeFileSync(`${process.env.OUT}.beam${beam}`, `${out.map((t) => t.text).join('\n')}\n`);
  if (!doProfile) continue;
  const batch = sentences.slice(Math.floor(sentences.length / 2), Math.floor(sentences.length / 2) + 32);
  const prof = await tf.profile(() => {
    translator.translate(batch, options);
  });
  const byKernel = new Map<string, { ms: number; n: number }>();
  let total = 0;
  for (const k of prof.kernels) {
    const key = `${k.name} ${JSON.stringify(k.inputShapes.map((s) => (s ?? []).map((d) => (d > 100 ? d : d))))}`;
    const e = byKernel.get(key) ?? { ms: 0, n: 0 };
    e.ms += Number(k.kernelTimeMs);
    e.n += 1;
    total += Number(k.kernelTimeMs);
    byKernel.set(key, e);
  }
  const byName = new Map<string, { ms: number; n: number }>();
  for (const k of prof.kernels) {
    const e = byName.get(k.name) ?? { ms: 0, n: 0 };
    e.ms += Number(k.kernelTimeMs);
    e.n += 1;
    byName.set(k.name, e);
  }
  console.log(`beam ${beam}: ${prof.kernels.length} kernels, ${total.toFixed(0)} ms of kernels`);
  for (const [k, v] of [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) console.log(v.ms.toFixed(1).padStart(8), String(v.n).padStart(5), k);
  console.log('-- by shape');
  for (const [k, v] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(process.env.TOP ?? 15))) console.log(v.ms.toFixed(1).padStart(8), String(v.n).padStart(5), k.slice(0, 140));
}
translator.dispose();

function simpleHash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16);
}
