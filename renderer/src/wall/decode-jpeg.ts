/** A decoded frame ready for drawImage; close() releases it. */
export interface DecodedImage {
  source: CanvasImageSource;
  width: number;
  height: number;
  close(): void;
}

interface ImageDecoderLike {
  decode(): Promise<{ image: VideoFrame }>;
  close(): void;
}
type ImageDecoderCtor = new (init: { data: BufferSource; type: string }) => ImageDecoderLike;

const ImageDecoderImpl = (globalThis as { ImageDecoder?: ImageDecoderCtor }).ImageDecoder;

/**
 * Decodes a preview JPEG. WebCodecs' ImageDecoder takes the bytes directly; createImageBitmap
 * needs a Blob, and every Blob is registered with the browser process, which showed as ~10 % of
 * the wall's main-thread time at 16 tiles × 10 fps. Falls back where WebCodecs is missing.
 */
export async function decodeJpeg(jpeg: Uint8Array): Promise<DecodedImage> {
  if (ImageDecoderImpl) {
    const decoder = new ImageDecoderImpl({ data: jpeg as BufferSource, type: 'image/jpeg' });
    try {
      const { image } = await decoder.decode();
      return {
        source: image,
        width: image.displayWidth,
        height: image.displayHeight,
        close: () => image.close(),
      };
    } finally {
      decoder.close();
    }
  }
  const bitmap = await createImageBitmap(new Blob([jpeg as BlobPart], { type: 'image/jpeg' }));
  return {
    source: bitmap,
    width: bitmap.width,
    height: bitmap.height,
    close: () => bitmap.close(),
  };
}
