import { describe, expect, it } from 'vitest';
import { corpusText } from '../test-support';
import { groupReferences } from './references';
import { parseTsv } from './tsv';

describe('groupReferences', () => {
  it('maps each source to its distinct targets in corpus order', () => {
    const refs = groupReferences([
      { source: 'Run!', target: 'Cours !' },
      { source: 'Hi.', target: 'Salut !' },
      { source: 'Run!', target: 'Courez !' },
      { source: 'Run!', target: 'Cours !' },
    ]);
    expect([...refs]).toEqual([
      ['Run!', ['Cours !', 'Courez !']],
      ['Hi.', ['Salut !']],
    ]);
  });
});

describe('groupReferences on the Tatoeba corpus', () => {
  it('finds several references for many English sentences', () => {
    const refs = groupReferences(parseTsv(corpusText()));
    const multi = [...refs.values()].filter((targets) => targets.length > 1).length;
    expect(refs.size).toBeLessThan(72_979);
    expect(multi).toBeGreaterThan(5_000);
  });
});
