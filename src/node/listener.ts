/**
 * A node:net server as a sockfam {@link ListenerTransport}: connections are
 * taken paused (no reading until someone receives) and queued until accept().
 *
 * @example
 * ```ts
 * import { listenNode } from "./listener.ts";
 * const l = await listenNode(2, { host: "127.0.0.1", port: 0 }, { backlog: 16 });
 * const conn = await l.accept();
 * ```
 * @module
 */
import net from "node:net";
import type { InetAddress, SocketAddress, UnixAddress } from "../core/address/types.ts";
import { AF_INET6, AF_UNIX, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET } from "../core/constants.ts";
import { SocketError } from "../core/errors.ts";
import type { SockOptValue } from "../core/socket/types.ts";
import { inetResult } from "../core/socket/address.ts";
import type { ListenerTransport, OpenOptions, StreamTransport } from "../core/socket/transport.ts";
import { Mailbox } from "./mailbox.ts";
import { CLOSED, handleFd, NodeStream } from "./stream.ts";
import { reusePortFd } from "./reuse_port.ts";
import { nodeHasReusePort, runtimeName } from "./version.ts";

/** Opens a listening node:net server. */
export function listenNode(family: number, address: SocketAddress, options: OpenOptions): Promise<ListenerTransport> {
  if (options.reuseAddr === false && family !== AF_UNIX) {
    return Promise.reject(new SocketError("ENOPROTOOPT", `setsockopt(SO_REUSEADDR, 0): ${runtimeName} always sets SO_REUSEADDR on TCP listeners`, { syscall: "setsockopt" }));
  }
  if (options.reusePort && !nodeHasReusePort) {
    if (family === AF_UNIX) {
      return Promise.reject(new SocketError("ENOPROTOOPT", `setsockopt(SO_REUSEPORT): SO_REUSEPORT has no meaning on AF_UNIX sockets`, { syscall: "setsockopt" }));
    }
    // Node < 22.12 has no listen({ reusePort }): the native shim binds, Node adopts the descriptor.
    return reusePortFd(family, SOCK_STREAM, address as InetAddress, options).then((fd) => listenOn(family, address, { fd, backlog: options.backlog }));
  }
  const listenOpts: net.ListenOptions & { reusePort?: boolean } = family === AF_UNIX
    ? { path: (address as UnixAddress).path, backlog: options.backlog }
    : { host: (address as InetAddress).host, port: (address as InetAddress).port, backlog: options.backlog, exclusive: true, ipv6Only: family === AF_INET6 ? options.v6only : undefined };
  if (options.reusePort) listenOpts.reusePort = true;
  return listenOn(family, address, listenOpts);
}

/** server.listen(opts) as a promise of the listener transport. */
function listenOn(family: number, address: SocketAddress, listenOpts: net.ListenOptions & { fd?: number }): Promise<ListenerTransport> {
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
  return new Promise((resolve, reject) => {
    const onError = (e: unknown) => reject(e);
    server.once("error", onError);
    server.listen(listenOpts, () => {
      server.off("error", onError);
      resolve(new NodeListener(server, family, address));
    });
  });
}

class NodeListener implements ListenerTransport {
  readonly #server: net.Server;
  readonly #family: number;
  readonly #local: SocketAddress;
  // Each connection is wrapped at once, so that its data listener is there before any data
  // (Bun emits data on a connection that pauseOnConnect should have held).
  readonly #box = new Mailbox<NodeStream>();

  constructor(server: net.Server, family: number, address: SocketAddress) {
    this.#server = server;
    this.#family = family;
    if (family === AF_UNIX) this.#local = { path: (address as UnixAddress).path };
    else {
      const a = server.address() as net.AddressInfo;
      this.#local = inetResult(family, a.address, a.port);
    }
    server.on("connection", (sock: net.Socket) => this.#box.push(this.#wrap(sock)));
    server.on("error", (e) => this.#box.fail(e));
  }

  #wrap(sock: net.Socket): NodeStream {
    const path = (this.#local as UnixAddress).path;
    return new NodeStream(sock, this.#family, path === undefined ? undefined : { local: path, remote: "" });
  }

  accept(): Promise<StreamTransport> {
    return this.#box.take();
  }

  close(): void {
    this.#box.fail(CLOSED);
    // Connections Node accepted but nobody accept()ed: reset them, as the kernel does for its queue (Python).
    for (const s of this.#box.drain()) s.reset();
    this.#server.close();
  }

  localAddress(): SocketAddress {
    return this.#local;
  }

  fd(): number {
    return handleFd(this.#server);
  }

  setOption(): boolean {
    return false;
  }

  getOption(level: number, option: number): SockOptValue | undefined {
    if (level === SOL_SOCKET && option === SO_REUSEADDR && this.#family !== AF_UNIX) return 1;
    return undefined;
  }
}
