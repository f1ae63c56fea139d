/**
 * CoNLL-U writing: the inverse of the reader. Each sentence is its comment lines, then for each
 * word the multiword-token range starting there, the word and the empty nodes after it, then a
 * blank line; empty nodes are numbered `i.1, i.2, ...` in their order. Text read by {@link readConllu} is written back byte for byte (for `\n` line ends
 * and one blank line after every sentence, as UD's files are).
 */
import { DatasetError } from '../errors';
import { CONLLU_COLUMNS, type ConlluFields, type ConlluSentence } from './sentence';

/** Writes sentences as CoNLL-U text, every sentence followed by a blank line. */
export function writeConllu(sentences: readonly ConlluSentence[]): string {
  return sentences.map((s, i) => formatConlluSentence(s, i)).join('');
}

/**
 * One sentence as CoNLL-U lines, ending with the blank line. Throws a {@link DatasetError} for a
 * sentence that could not be read back: word IDs not 1..n, an empty field or one holding a tab or
 * a line end, a comment that does not start with `#`, a head that is not an integer.
 * @param index - the sentence's position, named in errors.
 */
export function formatConlluSentence(sentence: ConlluSentence, index = 0): string {
  const where = `writeConllu: sentence ${index + 1}`;
  const lines: string[] = [];
  for (const c of sentence.comments) {
    if (!c.startsWith('#') || /[\r\n]/.test(c)) throw new DatasetError(`${where}: comment ${JSON.stringify(c)} must be one line starting with #`);
    lines.push(c);
  }
  const n = sentence.words.length;
  const ranges = new Map(sentence.multiwordTokens.map((t) => [t.first, t]));
  for (const t of sentence.multiwordTokens) {
    if (!(Number.isInteger(t.first) && Number.isInteger(t.last) && t.first >= 1 && t.last > t.first && t.last <= n)) {
      throw new DatasetError(`${where}: multiword-token range ${t.first}-${t.last} is not within the ${n} words; expected 1 <= first < last <= ${n}`);
    }
  }
  const empties = new Map<number, ConlluFields[]>();
  for (const e of sentence.emptyNodes) {
    if (!(Number.isInteger(e.after) && e.after >= 0 && e.after <= n)) throw new DatasetError(`${where}: empty node after word ${e.after}; expected 0 to ${n}`);
    const list = empties.get(e.after) ?? [];
    list.push(e);
    empties.set(e.after, list);
  }
  const emptyLines = (after: number) => (empties.get(after) ?? []).forEach((e, k) => lines.push(row(`${after}.${k + 1}`, e, where)));
  emptyLines(0);
  sentence.words.forEach((w, i) => {
    if (w.id !== i + 1) throw new DatasetError(`${where}: word ${i + 1} has ID ${w.id}; expected IDs 1..n in order`);
    const range = ranges.get(w.id);
    if (range) lines.push(row(`${range.first}-${range.last}`, range, where));
    if (w.head !== null && !(Number.isInteger(w.head) && w.head >= 0)) {
      throw new DatasetError(`${where}: word ${w.id} has head ${String(w.head)}; expected 0 (root), a word ID, or null`);
    }
    lines.push(row(String(w.id), { ...w, head: w.head === null ? '_' : String(w.head) }, where));
    emptyLines(w.id);
  });
  return `${lines.join('\n')}\n\n`;
}

function row(id: string, f: ConlluFields, where: string): string {
  const values = [id, f.form, f.lemma, f.upos, f.xpos, f.feats, f.head, f.deprel, f.deps, f.misc];
  for (const v of values) if (typeof v !== 'string' || v === '') return badRow(id, values, where);
  const line = values.join('\t');
  // One scan of the joined line instead of one per field: exactly 9 tabs and no line end.
  let tabs = 0;
  for (let i = line.indexOf('\t'); i >= 0; i = line.indexOf('\t', i + 1)) tabs++;
  if (tabs !== 9 || line.includes('\n') || line.includes('\r')) return badRow(id, values, where);
  return line;
}

function badRow(id: string, values: unknown[], where: string): never {
  const k = values.findIndex((v) => typeof v !== 'string' || v === '' || /[\t\r\n]/.test(v));
  throw new DatasetError(`${where}: ${CONLLU_COLUMNS[k]} of ${id} is ${JSON.stringify(values[k])}; expected a non-empty string without tabs or line ends (_ where unspecified)`);
}
