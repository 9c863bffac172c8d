/**
 * Whole-capture entry points over {@link FlowEngine}: `flows(capture)` for
 * the conversation table, `reassemble(capture, handlers)` for stream bytes.
 * A capture is a pcap/pcapng file in memory, or a stream of its chunks.
 *
 * @example
 * ```ts
 * import { flows, mixedCapture } from "sockfam/core";
 * const summary = await flows(mixedCapture({ packets: 100 }));
 * console.log(summary.flows.length, summary.stats.tcp);
 * ```
 * @module
 */
import { dissectCapture, dissectStream } from "../dissect/capture.ts";
import { FlowEngine, type FlowHandlers, type FlowOptions, type FlowStats } from "./engine.ts";
import type { Flow } from "./flow.ts";
import { FLOW_CORE_MAX, coreFlows } from "./_core_table.ts";

/** A capture: a pcap/pcapng file's bytes, or a stream or async iterable of its chunks. */
export type CaptureInput = Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** What a pass over a capture found. */
export interface FlowSummary {
  /** Flows in order of first packet. */
  flows: Flow[];
  /** Counters (frames, defragmentation, stream buffering and drops). */
  stats: FlowStats;
}

/**
 * Reads a capture and calls `handlers` with flows, in-order stream bytes, gaps
 * and rebuilt datagrams. Throws FrameError for a corrupt or cut capture.
 *
 * @example
 * ```ts
 * import { mixedCapture, reassemble } from "sockfam/core";
 * let bytes = 0;
 * const { flows } = await reassemble(mixedCapture({ packets: 200 }), {
 *   onData: (flow, dir, data) => { bytes += data.length; },
 *   onGap: (flow, dir, missing) => console.log(`stream ${flow.stream} lacks ${missing} bytes`),
 * });
 * console.log(flows.length, bytes);
 * ```
 */
export async function reassemble(capture: CaptureInput, handlers: FlowHandlers, options: FlowOptions = {}): Promise<FlowSummary> {
  const engine = new FlowEngine(handlers, options);
  const push = (t: Parameters<FlowEngine["push"]>[0]) => engine.push(t);
  if (capture instanceof Uint8Array) dissectCapture(capture, push);
  else await dissectStream(capture, push);
  engine.finish();
  return { flows: engine.flows, stats: engine.stats };
}

/**
 * The conversation table of a capture (TCP and UDP, tshark's stream numbering).
 *
 * @example
 * ```ts
 * import { flowJSON, flows, mixedCapture } from "sockfam/core";
 * const { flows: table } = await flows(mixedCapture({ packets: 100 }));
 * for (const f of table) console.log(JSON.stringify(flowJSON(f)));
 * ```
 */
export function flows(capture: CaptureInput, options: FlowOptions = {}): Promise<FlowSummary> {
  // A classic pcap in memory is counted by the core's flow table in one synchronous pass.
  if (capture instanceof Uint8Array && !options.reassemble && (options.maxFlows ?? Infinity) >= FLOW_CORE_MAX) {
    const fast = coreFlows(capture, options.defrag);
    if (fast) return Promise.resolve(fast);
  }
  return reassemble(capture, {}, { ...options, reassemble: options.reassemble ?? false });
}
