/**
 * Buffered standard output for the CLI: text is collected per batch and
 * written once; a closed pipe (`sockfam dissect x.pcap | head`) ends the
 * output quietly, as tcpdump does on SIGPIPE.
 *
 * @module
 */
import { proc } from "./_runtime.ts";

const isPipeClosed = (e: unknown) => {
  const x = e as { code?: string; name?: string };
  return x?.code === "EPIPE" || x?.name === "BrokenPipe";
};

/**
 * Collects output and writes it to stdout in one call per part at each
 * {@link Output.flush}, which resolves once the bytes are written (their
 * buffer may then be reused).
 */
export class Output {
  #parts: (string | Uint8Array)[] = [];
  /** True once the reader of stdout went away: stop producing output. */
  closed = false;

  /** Listens for a closed stdout (EPIPE). */
  constructor() {
    proc.stdout.on("error", (e) => {
      if (isPipeClosed(e)) this.closed = true;
      else throw e;
    });
    proc.stdout.once("close", () => { this.closed = true; });
  }

  /** Appends text or UTF-8 bytes (include the newlines). */
  push(s: string | Uint8Array): void {
    if (s.length) this.#parts.push(s);
  }

  /** Writes what was pushed; resolves to true when stdout is closed. */
  async flush(): Promise<boolean> {
    if (this.closed) return true;
    if (!this.#parts.length) return false;
    const parts = this.#parts;
    this.#parts = [];
    for (const s of parts) {
      if (this.closed) break;
      await this.#write(s);
    }
    return this.closed;
  }

  async #write(s: string | Uint8Array): Promise<void> {
    try {
      // Resolves when the bytes are written (the caller may then reuse their buffer), or when the
      // reader went away (EPIPE or close: the callback may then never come).
      await new Promise<void>((resolve, reject) => {
        const poll = setInterval(() => { if (this.closed) end(); }, 50);
        const end = () => { clearInterval(poll); resolve(); };
        try { proc.stdout.write(s, () => end()); } catch (e) { clearInterval(poll); reject(e); }
      });
    } catch (e) {
      if (isPipeClosed(e)) this.closed = true;
      else throw e;
    }
  }
}
