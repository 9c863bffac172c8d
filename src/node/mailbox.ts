/**
 * The queue, single waiter and error latch behind Node's event-driven
 * transports (a listener's connections, a datagram socket's messages): events
 * push, one receiver takes, the first error (or close) is latched and every
 * later take rejects with it.
 *
 * @example
 * ```ts
 * import { Mailbox } from "./mailbox.ts";
 * const box = new Mailbox<string>(16);
 * box.push("hello");
 * console.log(await box.take()); // "hello"
 * ```
 * @module
 */
import { errorOf } from "./stream.ts";

/**
 * A bounded FIFO with one pending taker and an error latch.
 *
 * @example
 * ```ts
 * import { Mailbox } from "./mailbox.ts";
 * const box = new Mailbox<number>();
 * const next = box.take();
 * box.push(1); // resolves `next`
 * ```
 */
export class Mailbox<T> {
  #queue: T[] = [];
  #waiter: { resolve(v: T): void; reject(e: unknown): void } | null = null;
  #error: unknown = null;

  /** @param max items kept while nobody takes (more are dropped, as a full kernel queue drops datagrams) */
  constructor(readonly max = Infinity) {}

  /** Hands `item` to the waiting taker, or queues it; false when the queue was full and it was dropped. */
  push(item: T): boolean {
    const w = this.#waiter;
    if (w) {
      this.#waiter = null;
      w.resolve(item);
      return true;
    }
    if (this.#queue.length >= this.max) return false;
    this.#queue.push(item);
    return true;
  }

  /** Latches the first error and rejects the waiting taker. */
  fail(e: unknown): void {
    this.#error ??= e;
    const w = this.#waiter;
    this.#waiter = null;
    w?.reject(errorOf(this.#error));
  }

  /** The next item: queued ones first, then the latched error, else a wait. */
  take(): Promise<T> {
    if (this.#queue.length) return Promise.resolve(this.#queue.shift()!);
    if (this.#error) return Promise.reject(errorOf(this.#error));
    return new Promise((resolve, reject) => (this.#waiter = { resolve, reject }));
  }

  /** Removes and returns every queued item. */
  drain(): T[] {
    return this.#queue.splice(0);
  }
}
