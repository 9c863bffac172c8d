/**
 * The worker_threads entry point of sockfam's parallel dissection under Node
 * (Web Workers elsewhere use src/core/dissect/_parallel_worker.ts).
 *
 * @module
 */
import { parentPort } from "node:worker_threads";
import { onPoolMessage, type PoolMessage } from "../core/dissect/_parallel_job.ts";

parentPort!.on("message", (msg: PoolMessage) => onPoolMessage(msg, (msg, transfer) => parentPort!.postMessage(msg, transfer)));
