import { imageBatch, type GrayImage } from '@seq2seq/datasets/images';
import { ensembleStepModel, greedyDecode, SymbolVocabulary } from '@seq2seq/seq2seq';
import { loadModels, taskOf } from '/work/main/apps/vision/src/models';
import { chunks } from '/work/main/apps/vision/src/data';
import { startRuntime } from '/work/main/apps/vision/src/runtime';
await startRuntime('wasm');
const loaded = await loadModels(process.argv[2] ?? 'digits');
const task = taskOf(loaded.vocabulary);
const ex = task.test(Number(process.argv[3] ?? 3), 1000).test!;
const shift = (im: GrayImage, dx: number, dy: number): GrayImage => {
  const out = new Uint8Array(im.pixels.length);
  for (let y = 0; y < im.height; y++) for (let x = 0; x < im.width; x++) { const sx = x - dx, sy = y - dy; if (sx >= 0 && sy >= 0 && sx < im.width && sy < im.height) out[y * im.width + x] = im.pixels[sy * im.width + sx]!; }
  return { width: im.width, height: im.height, pixels: out };
};
const grid = (r: number, step: number) => { const out: [number, number][] = []; for (let y = -r; y <= r; y += step) for (let x = -r; x <= r; x += step) out.push([x, y]); return out; };
const sets0: Record<string, [number, number][]> = { g3: grid(1, 1), g5: grid(2, 1), g9x: grid(4, 2), h: [[0,0],[1,0],[-1,0],[2,0],[-2,0],[3,0],[-3,0]] };
const sets1: Record<string, [number, number][]> = { one: [[0, 0]], five: [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1]], nine: [[0,0],[2,0],[-2,0],[0,2],[0,-2],[1,1],[-1,-1],[1,-1],[-1,1]] };
const m = loaded.models[0]!;
m.eval();
for (const [name, shifts] of Object.entries(sets0)) {
  const texts: string[] = [];
  for (const part of chunks(ex, 100)) {
    const encs = shifts.map(([dx, dy]) => m.encode(imageBatch(part.map((e) => shift(e.image, dx, dy)))));
    const sessions = encs.map((e) => m.stepModel(e));
    const one = sessions.length === 1 ? sessions[0]! : ensembleStepModel(sessions.map((s) => s.model), sessions.map((s) => s.initialState));
    const best = greedyDecode(one.model, one.initialState, part.length, { startToken: 1, endToken: 2, maxLength: 8 });
    texts.push(...best.map((h) => loaded.vocabulary.decode(h.tokens)));
    sessions.forEach((s) => s.dispose()); encs.forEach((e) => e.dispose());
  }
  const s: any = task.score(texts, ex);
  console.log(name, s.sequenceAccuracy, s.characterErrorRate, JSON.stringify(s.byCondition.isolated), JSON.stringify(s.byCondition.clutter));
}
