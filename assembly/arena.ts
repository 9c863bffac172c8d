// The input arena: a fixed region in linear memory that JS copies bytes into
// once, then hands to the hot-path functions as (ptr, len). Reserved at start
// so memory never grows on the hot path and JS views never detach.

/** Size of the shared input arena in bytes (JS chunks larger inputs through it). */
export const ARENA_SIZE: i32 = 1 << 20;

const arena = memory.data(ARENA_SIZE, 16);

/** Pointer to the input arena. */
export function arena_ptr(): usize {
  return arena;
}

/** Capacity of the input arena in bytes. */
export function arena_size(): i32 {
  return ARENA_SIZE;
}
