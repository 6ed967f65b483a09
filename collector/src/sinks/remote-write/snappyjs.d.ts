// snappyjs ships no types. Block format (not framed), as Prometheus remote_write uses.
declare module 'snappyjs' {
  /** Throws when the input is not valid snappy, or when its declared length exceeds `maxLength`. */
  export function uncompress<T extends Uint8Array | ArrayBuffer>(compressed: T, maxLength?: number): T;
  export function compress<T extends Uint8Array | ArrayBuffer>(uncompressed: T): T;
}
