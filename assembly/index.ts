// Entry point of the WebAssembly core. Each concept lives in its own file;
// this file only re-exports. Exported names are snake_case (the JS wrappers in
// src/core give them their public names).
export * from "./arena";
export * from "./checksum";
export * from "./crc32";
export * from "./framing";
export * from "./dissect/dissect";
export * from "./dissect/pcap_index";
export * from "./dissect/ring";
export * from "./flow/table";
