/**
 * Options and help of the PyTorch commands (`prepare-torch`, `import-torch`), apart from their
 * code so that `--help` loads no TensorFlow.js.
 */
import { formatOptions, type OptionSpec } from '../args';

export const PREPARE_TORCH_OPTIONS: Record<string, OptionSpec> = {
  data: { type: 'string', help: 'tab-separated corpus: source<TAB>target[<TAB>attribution] per line' },
  task: { type: 'string', help: "generated task instead of --data: 'dates'" },
  out: { type: 'string', help: 'directory for data.json, config.json, train.jsonl, dev.jsonl' },
  'min-freq': { type: 'number', help: 'minimum word count for the vocabularies', default: 2, integer: true, min: 1 },
  'max-length': { type: 'number', help: 'longest source sentence in tokens', default: 50, integer: true, min: 1 },
  count: { type: 'number', help: '--task: number of generated training pairs', default: 50000, integer: true, min: 10 },
  seed: { type: 'number', help: 'seed of the splits (and of the generated task)', default: 1, integer: true, min: 0 },
  cell: { type: 'string', help: 'config.json: rnn | gru | lstm', default: 'gru' },
  embedding: { type: 'number', help: 'config.json: embedding width', default: 256, integer: true, min: 1 },
  hidden: { type: 'number', help: 'config.json: encoder hidden size per direction', default: 256, integer: true, min: 1 },
  'decoder-hidden': { type: 'number', help: 'config.json: decoder hidden size', default: 512, integer: true, min: 1 },
  layers: { type: 'number', help: 'config.json: layers in encoder and decoder', default: 1, integer: true, min: 1, max: 8 },
  attention: { type: 'string', help: 'config.json: none | dot | scaledDot | general | additive', default: 'general' },
  dropout: { type: 'number', help: 'config.json: dropout', default: 0.2, min: 0, max: 0.95 },
};

export const PREPARE_TORCH_HELP = `usage: seq2seq-translate prepare-torch (--data FILE | --task dates) --out DIR [options]

Tokenises a corpus as 'train' does and writes what the PyTorch trainer (python/) reads:
data.json (tokenisers, vocabularies, the data split), config.json (the model, editable),
train.jsonl and dev.jsonl (one [source ids, target ids] pair per line).

${formatOptions(PREPARE_TORCH_OPTIONS)}`;

export const IMPORT_TORCH_OPTIONS: Record<string, OptionSpec> = {
  from: { type: 'string', help: 'safetensors file of the PyTorch reference model (python/seq2seq_torch)' },
  data: { type: 'string', help: "data.json written by 'prepare-torch' (tokenisers and vocabularies)" },
  config: { type: 'string', help: 'JSON model config (default: the one in the safetensors metadata)' },
  out: { type: 'string', help: 'checkpoint directory to write (what translate --model reads)' },
  float16: { type: 'boolean', help: 'store weights as float16' },
  backend: { type: 'string', help: 'wasm | webgpu | cpu', default: 'cpu' },
};

export const IMPORT_TORCH_HELP = `usage: seq2seq-translate import-torch --from FILE.safetensors --data data.json --out DIR [--config FILE]

Turns a model trained with the PyTorch reference into a checkpoint that translate, eval and the
web page load unchanged.

${formatOptions(IMPORT_TORCH_OPTIONS)}`;
