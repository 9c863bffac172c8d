/**
 * Flows and streams: a conversation table keyed by the 5-tuple with tshark's
 * stream numbering, IPv4/IPv6 defragmentation, and TCP stream reassembly,
 * over a capture in memory, a stream of chunks, or live dissected batches.
 *
 * @example
 * ```ts
 * import { flowJSON, flows, mixedCapture, reassemble } from "sockfam/core";
 * const capture = mixedCapture({ packets: 100 });
 * for (const f of (await flows(capture)).flows) console.log(JSON.stringify(flowJSON(f)));
 * await reassemble(capture, { onData: (flow, dir, bytes) => console.log(flow.stream, dir, bytes.length) });
 * ```
 * @module
 */
export { flows, reassemble, type CaptureInput, type FlowSummary } from "./api.ts";
export { FlowEngine, type FlowHandlers, type FlowOptions, type FlowStats } from "./engine.ts";
export { flowJSON, formatEndpoint, type Direction, type Flow, type FlowJSON, type TcpState } from "./flow.ts";
export type { DefragOptions, DefragStats } from "./_defrag.ts";
