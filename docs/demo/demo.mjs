// The page's logic: read a capture (dropped, chosen, or ?capture=URL), dissect
// every packet with sockfam's WASM core and show a packet table and a
// per-protocol summary. No server code: the core is an ES module with the
// WASM embedded.
import { dissect, readCapture } from "../../dist/core/mod.js";

const $ = (id) => document.getElementById(id);
const SHOW_AT_MOST = 5000; // rows in the table; the summary counts every packet

/** The layers of a dissected packet (its object-valued fields), outermost first: ["eth", "ipv4", "tcp"]. */
export const layers = (p) => Object.keys(p).filter((k) => p[k] !== null && typeof p[k] === "object" && !Array.isArray(p[k]));

function endpoints(p) {
  const l3 = p.ipv4 ?? p.ipv6 ?? p.arp;
  const l4 = p.tcp ?? p.udp;
  const addr = (host, port) => (host === undefined ? "" : port === undefined ? String(host) : p.ipv6 ? `[${host}]:${port}` : `${host}:${port}`);
  if (p.arp) return [p.arp.spa, p.arp.tpa];
  if (l3) return [addr(l3.src, l4?.sport), addr(l3.dst, l4?.dport)];
  const link = p.eth ?? p.sll;
  return [link?.src ?? "", link?.dst ?? ""];
}

function info(p) {
  if (p.tcp) return `flags 0x${p.tcp.flags.toString(16)} seq ${p.tcp.seq} win ${p.tcp.window}`;
  if (p.udp) return `len ${p.udp.len}`;
  const icmp = p.icmp ?? p.icmpv6;
  if (icmp) return `type ${icmp.type} code ${icmp.code}`;
  return "";
}

const cell = (text, cls) => {
  const td = document.createElement("td");
  td.textContent = text;
  if (cls) td.className = cls;
  return td;
};

/** Dissects `bytes` (a pcap/pcapng file) and fills the page. */
export function show(bytes, name) {
  const records = [...readCapture(bytes)];
  const summary = new Map();
  const rows = [];
  let n = 0;
  for (const rec of records) {
    n++;
    const p = dissect(rec.data, rec.linktype, { origLength: rec.origLength });
    const ls = layers(p);
    for (const l of ls) {
      const s = summary.get(l) ?? { packets: 0, bytes: 0 };
      s.packets++;
      s.bytes += p.len;
      summary.set(l, s);
    }
    if (rows.length >= SHOW_AT_MOST) continue;
    const [src, dst] = endpoints(p);
    const tr = document.createElement("tr");
    tr.dataset.n = String(n);
    if (p.errors.length) tr.className = "bad";
    tr.append(
      cell(String(n), "num n"), cell(`${rec.tsSec}.${String(rec.tsNsec).padStart(9, "0")}`, "ts"), cell(ls.join(" "), "layers"),
      cell(src, "src"), cell(dst, "dst"), cell(info(p), "info"), cell(String(p.len), "num len"), cell(p.errors.join(" "), "errors"),
    );
    rows.push(tr);
  }
  $("packets").tBodies[0].replaceChildren(...rows);
  $("summary").tBodies[0].replaceChildren(...[...summary].sort((a, b) => b[1].packets - a[1].packets).map(([proto, s]) => {
    const tr = document.createElement("tr");
    tr.dataset.proto = proto;
    tr.append(cell(proto, "proto"), cell(String(s.packets), "num packets"), cell(String(s.bytes), "num bytes"));
    return tr;
  }));
  const more = records.length > rows.length ? ` (the first ${rows.length} shown)` : "";
  $("status").textContent = `${name}: ${records.length} packets${more}`;
  $("status").dataset.state = "done";
}

async function load(file) {
  try {
    show(new Uint8Array(await file.arrayBuffer()), file.name);
  } catch (e) {
    fail(e);
  }
}

function fail(e) {
  $("status").textContent = `error: ${e?.code ? `${e.code}: ` : ""}${e?.message ?? e}`;
  $("status").dataset.state = "error";
}

const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  const f = e.dataTransfer?.files?.[0];
  if (f) load(f);
});
$("file").addEventListener("change", (e) => { const f = e.target.files?.[0]; if (f) load(f); });

const wanted = new URLSearchParams(location.search).get("capture");
if (wanted) {
  fetch(wanted)
    .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${wanted}: HTTP ${r.status}`))))
    .then((b) => show(new Uint8Array(b), wanted.split("/").pop()))
    .catch(fail);
}
