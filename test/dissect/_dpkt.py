# Reads a pcap with dpkt (an independent parser) and prints one JSON object
# per packet with the fields dissect/dpkt.test.mjs compares; "skip" when dpkt
# cannot parse the frame.
import json, socket, sys
import dpkt

def mac(b): return ":".join("%02x" % x for x in b)

for ts, buf in dpkt.pcap.Reader(open(sys.argv[1], "rb")):
    out = {}
    try:
        eth = dpkt.ethernet.Ethernet(buf)
        out["eth"] = {"src": mac(eth.src), "dst": mac(eth.dst), "vlans": [t.id for t in getattr(eth, "vlan_tags", [])]}
        l3 = eth.data
        if isinstance(l3, dpkt.ip.IP):
            out["ipv4"] = {"src": socket.inet_ntop(socket.AF_INET, l3.src), "dst": socket.inet_ntop(socket.AF_INET, l3.dst), "ttl": l3.ttl, "id": l3.id,
                           "proto": l3.p, "fragOffset": l3.offset, "mf": bool(l3.mf), "df": bool(l3.df), "tos": l3.tos, "ihl": l3.hl * 4, "len": l3.len}
        elif isinstance(l3, dpkt.ip6.IP6):
            out["ipv6"] = {"src": socket.inet_ntop(socket.AF_INET6, l3.src), "dst": socket.inet_ntop(socket.AF_INET6, l3.dst), "hopLimit": l3.hlim,
                           "nextHeader": l3.nxt, "plen": l3.plen, "tclass": l3.fc}
        elif isinstance(l3, dpkt.arp.ARP):
            out["arp"] = {"op": l3.op, "spa": socket.inet_ntop(socket.AF_INET, l3.spa), "tpa": socket.inet_ntop(socket.AF_INET, l3.tpa)}
        l4 = getattr(l3, "data", None)
        frag = isinstance(l3, dpkt.ip.IP) and (l3.offset or l3.mf)
        if not frag and isinstance(l4, dpkt.tcp.TCP):
            out["tcp"] = {"sport": l4.sport, "dport": l4.dport, "seq": l4.seq, "ack": l4.ack, "flags": l4.flags, "window": l4.win, "hdrLen": l4.off * 4, "urgent": l4.urp}
        elif not frag and isinstance(l4, dpkt.udp.UDP):
            out["udp"] = {"sport": l4.sport, "dport": l4.dport, "len": l4.ulen}
        elif not frag and isinstance(l4, (dpkt.icmp.ICMP, dpkt.icmp6.ICMP6)):
            out["icmpv6" if isinstance(l4, dpkt.icmp6.ICMP6) else "icmp"] = {"type": l4.type, "code": l4.code}
    except Exception as e:
        out = {"skip": type(e).__name__}
    print(json.dumps(out))
