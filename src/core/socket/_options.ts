/**
 * Socket option bookkeeping shared by every runtime: option names for
 * messages, which options must be known when the runtime socket is created,
 * and the values Python's getsockopt returns for read-only options.
 *
 * @example
 * ```ts
 * import { optionName } from "./_options.ts";
 * optionName(1, 2); // "SO_REUSEADDR"
 * ```
 * @module
 */
import * as C from "../constants.ts";
import type { SockOptValue } from "./types.ts";
import type { OpenOptions } from "./transport.ts";

const NAMES: Record<string, string> = {};
const LEVEL_NAMES: Record<number, string> = { [C.SOL_SOCKET]: "SOL_SOCKET", [C.IPPROTO_IP]: "IPPROTO_IP", [C.IPPROTO_IPV6]: "IPPROTO_IPV6", [C.IPPROTO_TCP]: "IPPROTO_TCP", [C.SOL_PACKET]: "SOL_PACKET" };
for (const [name, value] of Object.entries(C)) {
  const level = name.startsWith("SO_") ? C.SOL_SOCKET : name.startsWith("IP_") ? C.IPPROTO_IP : name.startsWith("IPV6_") ? C.IPPROTO_IPV6
    : name.startsWith("TCP_") ? C.IPPROTO_TCP : name.startsWith("PACKET_") && !name.startsWith("PACKET_MR_") ? C.SOL_PACKET : -1;
  if (level >= 0 && typeof value === "number") NAMES[`${level}:${value}`] ??= name;
}

/** "SO_REUSEADDR", or "option 99 at level 1" for unknown ones. */
export function optionName(level: number, option: number): string {
  return NAMES[`${level}:${option}`] ?? `option ${option} at level ${LEVEL_NAMES[level] ?? level}`;
}

/** True when sockfam knows the option (a constant of its table), so that it may be recorded before the socket exists. */
export function knownOption(level: number, option: number): boolean {
  return NAMES[`${level}:${option}`] !== undefined;
}

/** The value as a number (booleans become 1/0; bytes and strings stay). */
export function optNumber(value: SockOptValue): SockOptValue {
  return typeof value === "boolean" ? (value ? 1 : 0) : value;
}

/** The value as a boolean (for on/off options). */
export function optBool(value: SockOptValue): boolean {
  return typeof value === "number" ? value !== 0 : Boolean(value);
}

/**
 * Records a creation-time option into `open`; returns false for options that
 * are applied to the live socket instead.
 */
export function recordOpenOption(open: OpenOptions, level: number, option: number, value: SockOptValue): boolean {
  const k = `${level}:${option}`;
  switch (k) {
    case `${C.SOL_SOCKET}:${C.SO_REUSEADDR}`: open.reuseAddr = optBool(value); return true;
    case `${C.SOL_SOCKET}:${C.SO_REUSEPORT}`: open.reusePort = optBool(value); return true;
    case `${C.IPPROTO_IPV6}:${C.IPV6_V6ONLY}`: open.v6only = optBool(value); return true;
    case `${C.IPPROTO_IP}:${C.IP_MULTICAST_LOOP}`: open.multicastLoop = optBool(value); return true;
    default: return false;
  }
}

/** Values of read-only SOL_SOCKET options the core knows itself. */
export function intrinsicOption(level: number, option: number, s: { family: number; type: number; proto: number; listening: boolean }): number | undefined {
  if (level !== C.SOL_SOCKET) return undefined;
  switch (option) {
    case C.SO_TYPE: return s.type;
    case C.SO_DOMAIN: return s.family;
    case C.SO_PROTOCOL:
      if (s.proto) return s.proto;
      return s.family === C.AF_UNIX ? 0 : s.type === C.SOCK_STREAM ? C.IPPROTO_TCP : C.IPPROTO_UDP;
    case C.SO_ACCEPTCONN: return s.listening ? 1 : 0;
    case C.SO_ERROR: return 0;
    default: return undefined;
  }
}
