/**
 * Network interface facts from Linux sysfs (/sys/class/net): whether an
 * interface exists, its MTU, MAC address and link type. Checked before a
 * socket is opened so that a typo gives ENODEV with advice, not a kernel error.
 *
 * @module
 */
import { readFileSync, existsSync } from "node:fs";
import { SocketError } from "../core/errors.ts";

const read = (ifname: string, attr: string): string | undefined => {
  try { return readFileSync(`/sys/class/net/${ifname}/${attr}`, "utf8").trim(); } catch { return undefined; }
};

/** What sysfs says about an interface (fields undefined where sysfs is absent). */
export interface InterfaceInfo {
  /** MTU in bytes. */
  mtu?: number;
  /** MAC address, lower-case with colons. */
  mac?: string;
  /** ARPHRD type (1 Ethernet, 772 loopback). */
  type?: number;
}

/** Facts about `ifname`; throws SocketError ENODEV when sysfs exists and has no such interface. */
export function interfaceInfo(ifname: string): InterfaceInfo {
  if (/[/\s]|^\.\.?$/.test(ifname)) throw new SocketError("ENODEV", `no network interface named ${JSON.stringify(ifname)}; list them with \`ip link\``);
  if (existsSync("/sys/class/net") && !existsSync(`/sys/class/net/${ifname}`)) {
    throw new SocketError("ENODEV", `no network interface named ${JSON.stringify(ifname)}; list them with \`ip link\``);
  }
  const mtu = read(ifname, "mtu"), type = read(ifname, "type");
  return { mtu: mtu ? Number(mtu) : undefined, mac: read(ifname, "address"), type: type ? Number(type) : undefined };
}
