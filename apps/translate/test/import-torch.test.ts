/**
 * The PyTorch path: `prepare-torch` writes what the PyTorch trainer reads, and `import-torch`
 * turns a model it trained (the committed fixture: a tiny dates model trained by
 * `python -m seq2seq_torch.make_cli_fixture`) into a checkpoint that decodes exactly as PyTorch
 * did, in the library and through `translate`.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { greedyDecode, loadCheckpoint, Seq2Seq, type Seq2SeqConfig, type TranslationData } from '@seq2seq/seq2seq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main, reportError } from '../src/cli';

const FIXTURE = new URL('./fixtures/torch-dates', import.meta.url).pathname;

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    const code = await main(argv).catch((e: unknown) => reportError(e));
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

interface Expected {
  sources: number[][];
  greedy: number[][];
  maxLength: number;
}

describe('import-torch', () => {
  let dir: string;
  let expected: Expected;
  let data: TranslationData;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'translate-torch-'));
    expected = JSON.parse(await readFile(join(FIXTURE, 'expected.json'), 'utf8')) as Expected;
    data = JSON.parse(await readFile(join(FIXTURE, 'data.json'), 'utf8')) as TranslationData;
    await tf.setBackend('cpu');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prepare-torch writes ids, vocabularies and a config that agree', async () => {
    const out = join(dir, 'prepared');
    const r = await run(['prepare-torch', '--task', 'dates', '--count', '200', '--hidden', '8', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const prepared = JSON.parse(await readFile(join(out, 'data.json'), 'utf8')) as TranslationData & { dataConfig: { source: { kind: string } } };
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8')) as Seq2SeqConfig;
    expect(config.encoder.vocabSize).toBe(prepared.sourceVocab.tokens.length);
    expect(config.decoder.vocabSize).toBe(prepared.targetVocab.tokens.length);
    expect(config.encoder.hiddenSize).toBe(8);
    expect(prepared.dataConfig.source.kind).toBe('dates');
    const lines = (await readFile(join(out, 'train.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.length).toBe(200);
    for (const line of lines.slice(0, 20)) {
      const [source, target] = JSON.parse(line) as [number[], number[]];
      expect(source.at(-1)).toBe(2); // <eos>
      expect(target[0]).toBe(1); // <sos>
      expect(target.at(-1)).toBe(2);
      for (const id of [...source, ...target]) expect(id).toBeGreaterThan(0);
      expect(Math.max(...source)).toBeLessThan(config.encoder.vocabSize);
    }
  });

  it("imports the PyTorch model; greedy decodes equal PyTorch's, in the library and through translate", async () => {
    const out = join(dir, 'imported');
    const r = await run(['import-torch', '--from', join(FIXTURE, 'model.safetensors'), '--data', join(FIXTURE, 'data.json'), '--out', out, '--backend', 'cpu']);
    expect(r.code, r.stderr).toBe(0);
    const ck = await loadCheckpoint<Seq2SeqConfig, TranslationData>(out, { kind: 'seq2seq' });
    expect((ck.manifest.provenance as { data: { source: { kind: string } } }).data.source.kind).toBe('dates');
    const model = new Seq2Seq(ck.manifest.config);
    model.loadWeights(ck.weights);
    tf.dispose([...ck.weights.values()]);
    model.eval();
    const batch = expected.sources.length;
    const time = Math.max(...expected.sources.map((s) => s.length));
    const source = new Int32Array(batch * time);
    expected.sources.forEach((s, b) => source.set(s, b * time));
    const enc = model.encode({ source, sourceLengths: Int32Array.from(expected.sources, (s) => s.length), shape: { batch, sourceTime: time } });
    const session = model.stepModel(enc);
    const hyps = greedyDecode(session.model, session.initialState, batch, { startToken: 1, endToken: 2, maxLength: expected.maxLength });
    session.dispose();
    enc.dispose();
    model.dispose();
    expect(hyps.map((h) => h.tokens)).toEqual(expected.greedy);

    // The same through the CLI: character tokens, so the text is the tokens joined.
    const text = (ids: number[], tokens: string[]) => ids.filter((i) => i > 3).map((i) => tokens[i]).join('');
    for (let i = 0; i < 3; i++) {
      const t = await run(['translate', '--model', out, '--beam', '1', '--backend', 'cpu', text(expected.sources[i]!, data.sourceVocab.tokens)]);
      expect(t.code, t.stderr).toBe(0);
      expect(t.stdout.trim()).toBe(text(expected.greedy[i]!, data.targetVocab.tokens));
    }
  });

  it('says what is wrong when the data does not fit the model, or a flag is missing', async () => {
    const bad = join(dir, 'bad-data.json');
    await writeFile(bad, JSON.stringify({ ...data, targetVocab: { ...data.targetVocab, tokens: data.targetVocab.tokens.slice(0, -1) } }));
    const r = await run(['import-torch', '--from', join(FIXTURE, 'model.safetensors'), '--data', bad, '--out', join(dir, 'x'), '--backend', 'cpu']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/target vocabulary .* has 14 tokens but the model's decoder.vocabSize is 15/);
    const u = await run(['import-torch', '--from', join(FIXTURE, 'model.safetensors')]);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/needs --from FILE.safetensors, --data data.json and --out DIR/);
  });
});
