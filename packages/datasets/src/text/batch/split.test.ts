import { describe, expect, it } from 'vitest';
import { parseTsv } from '../corpus/tsv';
import { corpusText } from '../test-support';
import { splitBySource } from './split';

const pairs = Array.from({ length: 1000 }, (_, i) => ({ source: `s${i % 300}`, target: `t${i}` }));

describe('splitBySource', () => {
  it('keeps every source in one split, with about the asked fractions', () => {
    const { train, dev, test } = splitBySource(pairs, { dev: 0.2, test: 0.1, random: 3 });
    expect(train.length + dev.length + test.length).toBe(pairs.length);
    const sourcesOf = (xs: typeof pairs) => new Set(xs.map((p) => p.source));
    const [tr, dv, ts] = [sourcesOf(train), sourcesOf(dev), sourcesOf(test)];
    for (const s of dv) expect(tr.has(s) || ts.has(s)).toBe(false);
    for (const s of ts) expect(tr.has(s)).toBe(false);
    expect(dev.length).toBeGreaterThanOrEqual(200);
    expect(dev.length).toBeLessThan(210);
    expect(test.length).toBeGreaterThanOrEqual(100);
    expect(test.length).toBeLessThan(110);
  });

  it('is reproducible per seed and keeps the input order within a split', () => {
    const a = splitBySource(pairs, { random: 9 });
    expect(splitBySource(pairs, { random: 9 })).toEqual(a);
    expect(splitBySource(pairs, { random: 10 }).test).not.toEqual(a.test);
    const positions = a.train.map((p) => pairs.indexOf(p));
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
  });

  it('can leave dev or test empty', () => {
    const { train, dev, test } = splitBySource(pairs, { dev: 0, test: 0 });
    expect([train.length, dev.length, test.length]).toEqual([1000, 0, 0]);
  });

  it('rejects fractions outside [0, 1] or summing past 1', () => {
    expect(() => splitBySource(pairs, { dev: -0.1 })).toThrow("splitBySource: 'dev' must be a fraction in [0, 1], got -0.1");
    expect(() => splitBySource(pairs, { dev: 0.6, test: 0.5 })).toThrow(/dev \+ test must be at most 1/);
  });
});

describe('splitBySource on the Tatoeba corpus', () => {
  it('puts all translations of an English sentence in the same split', () => {
    const corpus = parseTsv(corpusText());
    const { train, test } = splitBySource(corpus, { dev: 0.05, test: 0.05, random: 1 });
    const trainSources = new Set(train.map((p) => p.source));
    expect(test.some((p) => trainSources.has(p.source))).toBe(false);
    expect(test.length / corpus.length).toBeCloseTo(0.05, 3);
  });
});
