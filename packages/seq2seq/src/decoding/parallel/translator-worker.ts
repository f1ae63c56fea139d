/**
 * Entry of a decoding worker thread (see translator-pool.ts): starts the backend it is told to,
 * loads the checkpoint once into a `Translator`, then answers one `translate` request at a time
 * with `Translator.translate` (synchronous reads: nothing else runs on this thread). Node only.
 */
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { Seq2SeqError } from '@seq2seq/core';
import { loadCheckpoint } from '../../checkpoint';
import type { Seq2SeqConfig } from '../../config';
import { toWire } from '../../training/parallel/protocol';
import { Translator, type TranslationData } from '../../translator';
import type { FromTranslatorWorker, ToTranslatorWorker, TranslatorWorkerInit } from './protocol';

const port = parentPort!;
const post = (message: FromTranslatorWorker) => port.postMessage(message);

async function load(init: TranslatorWorkerInit): Promise<Translator> {
  tf.env().set('PROD', true); // no tfjs console banners from every worker
  if (!tf.findBackendFactory(init.backend)) await import(/* @vite-ignore */ init.backendModule);
  if (!(await tf.setBackend(init.backend))) {
    throw new Seq2SeqError(`decoding worker ${init.worker}: backend '${init.backend}' (from '${init.backendModule}') did not start`);
  }
  return Translator.fromCheckpoint(await loadCheckpoint<Seq2SeqConfig, TranslationData>(init.checkpoint, { kind: 'seq2seq' }));
}

let translator: Translator | undefined;
port.on('message', (message: ToTranslatorWorker) => {
  if (message.type === 'init') {
    load(message.init).then(
      (loaded) => {
        translator = loaded;
        post({ type: 'ready' });
      },
      (error: unknown) => post({ type: 'error', id: undefined, error: toWire(error) }),
    );
    return;
  }
  try {
    if (!translator) throw new Seq2SeqError('decoding worker: a request before the model was loaded');
    post({ type: 'done', id: message.id, translations: translator.translate(message.texts, message.options) });
  } catch (error) {
    post({ type: 'error', id: message.id, error: toWire(error) });
  }
});
