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
import { type Settler, settleError, settledError, settledValue, settleValue } from "../core/socket/_settle.ts";

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
  #waiter: Settler<T> | null = null;
  #error: unknown = null;

  /** @param max items kept while nobody takes (more are dropped, as a full kernel queue drops datagrams) */
  constructor(readonly max = Infinity) {}

  /** Hands `item` to the waiting taker, or queues it; false when the queue was full and it was dropped. */
  push(item: T): boolean {
    const w = this.#waiter;
    if (w) {
      this.#waiter = null;
      settleValue(w, item);
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
    if (w) settleError(w, errorOf(this.#error));
  }

  /**
   * The next item: queued ones first, then the latched error, else a wait. Given `then` and
   * `fail`, the promise settles with what they return (or throw) for the item or the error,
   * called as it arrives: one promise per take instead of a second one from `.then()`.
   */
  take(): Promise<T>;
  take<R>(then: (item: T) => R, fail: (e: unknown) => R): Promise<R>;
  take<R>(then?: (item: T) => R, fail?: (e: unknown) => R): Promise<T | R> {
    if (this.#queue.length) return settledValue(this.#queue.shift()!, then);
    if (this.#error) return settledError(errorOf(this.#error), fail);
    return new Promise<T | R>((resolve, reject) => (this.#waiter = { resolve: resolve as (v: unknown) => void, reject, then, fail }));
  }

  /** Removes and returns every queued item. */
  drain(): T[] {
    return this.#queue.splice(0);
  }
}
