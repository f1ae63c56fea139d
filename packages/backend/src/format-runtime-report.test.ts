import { describe, expect, it } from 'vitest';
import { formatRuntimeReport } from './format-runtime-report';

describe('formatRuntimeReport', () => {
  it('prints the backend, its capabilities and the reasons', () => {
    const report = formatRuntimeReport({
      backend: 'webgpu',
      capabilities: {
        simd: true,
        threads: true,
        threadCount: 4,
        webgpu: true,
        adapter: {
          vendor: 'google',
          architecture: 'swiftshader',
          device: '',
          description: 'SwiftShader driver',
          isFallbackAdapter: true,
        },
      },
      reasons: ['webgpu chosen (first preference): adapter google swiftshader'],
    });
    expect(report).toBe(
      [
        'backend: webgpu',
        '  simd: true',
        '  threads: true (4 threads)',
        '  webgpu: true',
        '  adapter: google swiftshader (SwiftShader driver, fallback)',
        'reasons:',
        '  - webgpu chosen (first preference): adapter google swiftshader',
      ].join('\n'),
    );
  });

  it('says "none" without an adapter and "1 thread" in the singular', () => {
    const report = formatRuntimeReport({
      backend: 'cpu',
      capabilities: { simd: false, threads: false, threadCount: 1, webgpu: false, adapter: null },
      reasons: [],
    });
    expect(report).toContain('  threads: false (1 thread)\n  webgpu: false\n  adapter: none');
  });
});
