/** Building SVG markup as strings: escaping, elements, numbers without float noise. */

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** A coordinate with at most two decimals. */
export function num(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** Attribute values: strings are escaped, numbers rounded, `undefined`/`false` omitted. */
export type Attributes = Record<string, string | number | boolean | undefined>;

/** `<tag a="b">children</tag>`, or self-closing without children. */
export function el(tag: string, attributes: Attributes = {}, children: string | readonly string[] = ''): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? num(v) : v === true ? k : escapeXml(v as string)}"`)
    .join('');
  const body = typeof children === 'string' ? children : children.join('');
  return body ? `<${tag}${attrs}>${body}</${tag}>` : `<${tag}${attrs}/>`;
}

/** An `<svg>` root with a viewBox, an accessible name (`role="img"`, `aria-label`, `<title>`) and a font. */
export function svgRoot(width: number, height: number, label: string, children: readonly string[], className = 'seq2seq-viz'): string {
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      class: className,
      width: Math.ceil(width),
      height: Math.ceil(height),
      viewBox: `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`,
      role: 'img',
      'aria-label': label,
      'font-family': 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif',
    },
    [el('title', {}, escapeXml(label)), ...children],
  );
}
