// The slice of Bun's API that sockfam's bun adapter uses, so the adapter
// compiles without Bun's global types. Only types: the adapter reads the real
// objects from globalThis.Bun and require("bun:ffi").

declare namespace BunApi {
  /** bun:ffi's argument and result types, by name. */
  type FFIType = "i32" | "ptr";
  interface FFISymbol { args: FFIType[]; returns: FFIType }
  interface Library { symbols: Record<string, (...args: unknown[]) => number>; close(): void }
  /** The module bun:ffi. */
  interface Ffi { dlopen(path: string, symbols: Record<string, FFISymbol>): Library }
  /** A Web Worker with Bun's ref/unref (whether it keeps the process alive). */
  interface Worker {
    postMessage(message: unknown): void;
    addEventListener(type: "message" | "error", fn: (ev: { data?: unknown; message?: string }) => void): void;
    terminate(): void;
    ref(): void;
    unref(): void;
  }
  /** The global Bun object: only its version is read. */
  interface Global { version: string }
}
