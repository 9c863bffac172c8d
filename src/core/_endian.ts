/**
 * The host's byte order, for the C structures the kernel reads in host order
 * (sockaddr families, socket options, struct sock_fprog).
 *
 * @module
 */

/** True on little-endian machines (x86, arm64). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
