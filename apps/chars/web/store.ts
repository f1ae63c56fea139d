/**
 * The page's save slot in IndexedDB (usable from the worker): one training checkpoint's files
 * (see checkpoint-files.ts) under a fixed key, replaced by every save.
 */
import type { CheckpointFiles } from './checkpoint-files';

const DB = 'seq2seq-chars';
const STORE = 'checkpoints';
const KEY = 'page-model';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
  });
}

async function run<T>(mode: IDBTransactionMode, body: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = body(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
    });
  } finally {
    db.close();
  }
}

/** A saved checkpoint and when it was saved. */
export interface SavedCheckpoint {
  files: CheckpointFiles;
  savedAt: string;
}

/** Replaces the saved checkpoint. */
export async function saveToStore(files: CheckpointFiles): Promise<SavedCheckpoint> {
  const saved: SavedCheckpoint = { files, savedAt: new Date().toISOString() };
  await run('readwrite', (store) => store.put(saved, KEY));
  return saved;
}

/** The saved checkpoint, or undefined when there is none. */
export function loadFromStore(): Promise<SavedCheckpoint | undefined> {
  return run('readonly', (store) => store.get(KEY) as IDBRequest<SavedCheckpoint | undefined>);
}
