// The slice of Deno's networking API that sockfam's deno adapter uses, so the
// adapter compiles without Deno's global types. Only types: the adapter reads
// the real object from globalThis.Deno.

declare namespace DenoNet {
  interface NetAddr { transport: "tcp" | "udp"; hostname: string; port: number }
  interface UnixAddr { transport: "unix" | "unixpacket"; path: string | null }
  type Addr = NetAddr | UnixAddr;

  interface Conn {
    readonly localAddr: Addr;
    readonly remoteAddr: Addr;
    read(p: Uint8Array): Promise<number | null>;
    write(p: Uint8Array): Promise<number>;
    closeWrite(): Promise<void>;
    close(): void;
    setNoDelay?(noDelay?: boolean): void;
    setKeepAlive?(keepAlive?: boolean): void;
  }

  interface Listener {
    readonly addr: Addr;
    accept(): Promise<Conn>;
    close(): void;
  }

  interface MulticastMembership {
    leave(): Promise<void>;
    setLoopback(loopback: boolean): Promise<void>;
    setTTL?(ttl: number): Promise<void>;
  }

  interface DatagramConn {
    readonly addr: Addr;
    receive(p?: Uint8Array): Promise<[Uint8Array, Addr]>;
    send(p: Uint8Array, addr: Addr): Promise<number>;
    close(): void;
    joinMulticastV4(address: string, networkInterface: string): Promise<MulticastMembership>;
    joinMulticastV6(address: string, networkInterface: number): Promise<MulticastMembership>;
  }

  interface Api {
    readonly version: { deno: string };
    listen(options: { transport?: "tcp"; hostname?: string; port?: number; reusePort?: boolean; tcpBacklog?: number } | { transport: "unix"; path: string }): Listener;
    connect(options: { transport?: "tcp"; hostname?: string; port: number; signal?: AbortSignal; autoSelectFamily?: boolean } | { transport: "unix"; path: string }): Promise<Conn>;
    listenDatagram?(options: { transport: "udp"; hostname?: string; port: number; reuseAddress?: boolean; loopback?: boolean }): DatagramConn;
    readonly permissions?: { querySync?(descriptor: { name: "net"; host?: string } | { name: "ffi" }): { state: "granted" | "denied" | "prompt" } };
  }
}
