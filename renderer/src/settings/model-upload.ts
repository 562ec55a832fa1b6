import { create } from 'zustand';
import type { ApiClient } from '../../../electron/shared/api/client';
import type { ApiParams, ApiResult } from '../../../electron/shared/api/contract';
import {
  MODEL_UPLOAD_CHUNK_BYTES,
  type InstalledModel,
} from '../../../electron/shared/api/methods/models';

/** Bytes → base64 without building one huge argument list (chunks of 32 KiB). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export class UploadCancelled extends Error {
  constructor() {
    super('upload cancelled');
    this.name = 'UploadCancelled';
  }
}

export interface UploadHooks {
  /** Bytes the host has acknowledged so far. */
  onProgress(sent: number, size: number): void;
  /** All bytes are there; the host is validating the model. */
  onValidating?(): void;
  cancelled?(): boolean;
}

/**
 * Sends a model file to the host in order, one acknowledged chunk at a time (so the progress bar
 * shows what the host really has), then asks it to validate and install it. Any failure or a
 * cancel aborts the upload on the host, which deletes what it had received.
 */
export async function uploadModel(
  client: ApiClient,
  file: Blob & { name: string },
  labels: string | undefined,
  hooks: UploadHooks,
  /** Classifier / embedding import: the task (default `auto`) and the preprocessing. */
  extra: Pick<ApiParams<'models.import.commit'>, 'task' | 'normalisation' | 'plateOcrConfig'> = {},
): Promise<ApiResult<'models.import.commit'>> {
  const begin = await client.call('models.import.begin', { fileName: file.name, size: file.size });
  const { uploadId } = begin;
  const step = Math.min(begin.chunkBytes, MODEL_UPLOAD_CHUNK_BYTES);
  const abort = () => client.call('models.import.abort', { uploadId }).catch(() => undefined);
  try {
    hooks.onProgress(0, file.size);
    for (let index = 0, offset = 0; offset < file.size; index++, offset += step) {
      if (hooks.cancelled?.()) throw new UploadCancelled();
      const bytes = new Uint8Array(await file.slice(offset, offset + step).arrayBuffer());
      const r = await client.call('models.import.chunk', {
        uploadId,
        index,
        base64: bytesToBase64(bytes),
      });
      hooks.onProgress(r.received, file.size);
    }
    if (hooks.cancelled?.()) throw new UploadCancelled();
    hooks.onValidating?.();
    return await client.call('models.import.commit', {
      uploadId,
      ...(labels !== undefined ? { labels } : {}),
      ...extra,
    });
  } catch (err) {
    await abort();
    throw err;
  }
}

/** Installed models, shared by the Models panel and the camera form's model choice. */
interface ModelsState {
  status: 'idle' | 'loading' | 'ready' | 'failed';
  models: InstalledModel[];
  providers: string[];
  load(client: ApiClient): Promise<void>;
}

export const useModels = create<ModelsState>((set) => ({
  status: 'idle',
  models: [],
  providers: [],
  load: async (client) => {
    set((s) => ({ status: s.status === 'ready' ? 'ready' : 'loading' }));
    try {
      const r = await client.call('models.list', {});
      set({ status: 'ready', models: r.models, providers: r.providers });
    } catch {
      set({ status: 'failed' });
    }
  },
}));
