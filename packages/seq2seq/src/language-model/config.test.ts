import { InputError } from '@seq2seq/core';
import { describe, expect, it } from 'vitest';
import { CHAR_LM_REFERENCE_TRAINING, migrateCharLanguageModelConfig, resolveCharLanguageModelConfig } from './config';

describe('CharLanguageModel config', () => {
  it('defaults to the exercise model: one-hot, 2x512 LSTM, dropout 0.5', () => {
    expect(resolveCharLanguageModelConfig()).toEqual({ version: 1, vocabSize: 98, embeddingSize: null, cell: 'lstm', hiddenSize: 512, numLayers: 2, dropout: 0.5, seed: 0 });
    expect(CHAR_LM_REFERENCE_TRAINING).toEqual({ seqLen: 100, batchSize: 128, lr: 1e-3, clipNorm: 5 });
  });

  it('names the field it rejects', () => {
    expect(() => resolveCharLanguageModelConfig({ cell: 'transformer' as never })).toThrow(InputError);
    expect(() => resolveCharLanguageModelConfig({ cell: 'transformer' as never })).toThrow("'cell' must be one of rnn, gru, lstm");
    expect(() => resolveCharLanguageModelConfig({ hiddenSize: 0 })).toThrow("'hiddenSize' must be an integer >= 1, got 0");
    expect(() => resolveCharLanguageModelConfig({ dropout: 1 })).toThrow("'dropout' must be in [0, 1), got 1");
  });

  it('migrates a config without a version and refuses a newer one', () => {
    expect(migrateCharLanguageModelConfig({ hiddenSize: 8 })).toEqual({ hiddenSize: 8, version: 1 });
    expect(() => migrateCharLanguageModelConfig({ version: 2 })).toThrow('config version 2 is not readable by this library (it reads version 1)');
  });
});
