# Frames nobody here wrote, for the tshark oracle: scapy builds layered packets
# (Ethernet, 802.1Q/802.1ad, ARP, IPv4 with fragments, IPv6 with extension
# headers, TCP, UDP, ICMP/ICMPv6 and ICMP errors quoting a packet), then
# randomizes fields (scapy's fuzz()), appends random payloads, shortens frames
# (lengths that claim more than the frame holds) and cuts records by a snaplen.
# Usage: python3 _scapy_frames.py SEED COUNT OUT.pcap [LINKTYPE]: Ethernet (1, the default),
# Linux SLL (113), SLL2 (276), raw IP (101) or BSD NULL (0). Deterministic per seed.
import random, struct, sys
from scapy.all import (ARP, CookedLinux, CookedLinuxV2, Dot1AD, Dot1Q, Ether, ICMP, ICMPv6DestUnreach, ICMPv6EchoRequest, IP,
                       IPv6, IPv6ExtHdrFragment, IPv6ExtHdrHopByHop, IPv6ExtHdrRouting, Loopback, Raw, TCP, UDP, conf, fuzz)

conf.verb = 0
seed, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
linktype = int(sys.argv[4]) if len(sys.argv) > 4 else 1
random.seed(seed)
MAC = dict(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")
V4 = dict(src="192.0.2.1", dst="198.51.100.7")
V6 = dict(src="2001:db8::1", dst="2001:db8::2")

def layered():
    k = random.randrange(14)
    return [
        lambda: IP(**V4) / TCP(),
        lambda: IP(**V4) / UDP(),
        lambda: IP(**V4) / ICMP(),
        lambda: IPv6(**V6) / TCP(),
        lambda: IPv6(**V6) / UDP(),
        lambda: IPv6(**V6) / ICMPv6EchoRequest(),
        lambda: Dot1Q(vlan=random.randrange(4096)) / IP(**V4) / UDP(),
        lambda: ARP(psrc="10.0.0.1", pdst="10.0.0.2", hwsrc=MAC["src"]),
        lambda: IPv6(**V6) / IPv6ExtHdrHopByHop() / IPv6ExtHdrRouting() / UDP(),
        lambda: IPv6(**V6) / IPv6ExtHdrFragment(m=random.randrange(2), offset=random.randrange(3)) / UDP(),
        lambda: IP(**V4) / ICMP(type=3, code=3) / IP(**V4) / UDP(),
        lambda: IP(**V4, flags="MF", frag=random.randrange(100)) / UDP(),
        lambda: Dot1AD(vlan=100) / Dot1Q(vlan=200) / IPv6(**V6) / TCP(),
        lambda: IPv6(**V6) / ICMPv6DestUnreach() / IPv6(**V6) / TCP(),
    ][k]()

records = []
while len(records) < count:
    p = layered()
    mode = random.randrange(4)
    if mode == 0: p = fuzz(p)
    elif mode == 1: p = p / Raw(bytes(random.randrange(256) for _ in range(random.randrange(200))))
    else: p = p / Raw(b"x" * random.randrange(60))
    ip_only = not (p.haslayer(ARP) or p.haslayer(Dot1Q) or p.haslayer(Dot1AD))
    if linktype in (101, 0) and not ip_only:
        continue  # raw IP and BSD NULL carry IP only
    try:
        if linktype == 1: frame = bytes(Ether(**MAC) / p)
        elif linktype == 113: frame = bytes(CookedLinux(pkttype=random.randrange(5), lladdrtype=1, lladdrlen=6, src=b"\x02\0\0\0\0\x01\0\0") / p)
        elif linktype == 276: frame = bytes(CookedLinuxV2(ifindex=random.randrange(1, 9), pkttype=random.randrange(5), lladdrtype=1, lladdrlen=6, src=b"\x02\0\0\0\0\x01\0\0") / p)
        elif linktype == 101: frame = bytes(p)
        else: frame = bytes(Loopback(type=2 if p.haslayer(IP) and not isinstance(p, IPv6) else 24) / p)
    except Exception:
        continue  # a fuzzed field scapy itself cannot encode
    wire = len(frame)
    r = random.randrange(6)
    if r == 0 and wire > 15: frame = frame[:random.randrange(15, wire)]; wire = len(frame)  # a short frame
    elif r == 1 and wire > 15: frame = frame[:random.randrange(15, wire)]  # cut by a snaplen
    records.append((frame, wire))

with open(out, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, linktype))
    for i, (frame, wire) in enumerate(records):
        f.write(struct.pack("<IIII", 1700000000 + i, i, len(frame), wire) + frame)
