// Framing: length-prefixed, delimiter, COBS and SLIP frames. Each scanner
// reads the framing input arena, writes complete frames as (start, len) pairs
// into the frame table (struct of arrays) and its summary into the result
// slots; JS builds the frame views. See src/core/framing/.
export * from "./framing/arena";
export * from "./framing/prefix";
export * from "./framing/delimiter";
export * from "./framing/cobs";
export * from "./framing/slip";
