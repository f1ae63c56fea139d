import { describe, expect, it } from 'vitest';
import { maxWasmThreads, wasmSimdSupported, wasmThreadSupport } from './features';
import { planThreads } from './start-wasm';

describe('WASM features in Node', () => {
  it('detects SIMD (Node 20 has it)', () => {
    expect(wasmSimdSupported()).toBe(true);
  });

  it('plans no threads under Node whatever is asked', () => {
    expect(wasmThreadSupport().available).toBe(false);
    expect(planThreads(8)).toMatchObject({ use: false, count: 1 });
    expect(planThreads(true).why).toBe('single-threaded: tfjs-backend-wasm runs single-threaded under Node');
    expect(planThreads(false).why).toBe('threads: false was requested');
  });
});

describe('planThreads in a cross-origin isolated page', () => {
  const isolated = { available: true, why: 'the page is cross-origin isolated' };

  it('caps at half the logical cores, at most 8, as tfjs-backend-wasm does', () => {
    expect([1, 2, 3, 4, 8, 16, 32].map((cores) => maxWasmThreads(cores))).toEqual([1, 1, 1, 2, 4, 8, 8]);
  });

  it('uses the cap by default', () => {
    expect(planThreads(true, 8, isolated)).toEqual({
      use: true,
      count: 4,
      why: 'tfjs-backend-wasm runs at most half the 8 logical cores, max 8; the page is cross-origin isolated',
    });
  });

  it('honours a smaller request and caps a larger one', () => {
    expect(planThreads(2, 8, isolated)).toEqual({ use: true, count: 2, why: 'as requested' });
    expect(planThreads(6, 8, isolated)).toMatchObject({ use: true, count: 4, why: expect.stringMatching(/^6 requested; /) });
  });

  it('stays single-threaded where only one thread would run', () => {
    expect(planThreads(true, 2, isolated)).toEqual({
      use: false,
      count: 1,
      why: 'single-threaded: tfjs-backend-wasm runs at most half the 2 logical cores, max 8',
    });
    expect(planThreads(1, 8, isolated).why).toBe('single-threaded: 1 thread requested');
    expect(planThreads(0.5, 8, isolated).why).toBe('threads: 0.5 is not a positive integer, so single-threaded');
  });

  it('explains why a page without isolation gets no threads', () => {
    const plain = { available: false, why: 'the page is not cross-origin isolated' };
    expect(planThreads(4, 8, plain).why).toBe('single-threaded: the page is not cross-origin isolated');
  });
});
