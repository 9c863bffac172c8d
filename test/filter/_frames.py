# Crafted Ethernet frames for the filter oracle, built with scapy (independent
# of sockfam): every protocol and edge the filter language can see. Writes a
# pcap to argv[1].
import sys
from scapy.all import (Ether, Dot1Q, Dot1AD, IP, IPv6, TCP, UDP, ICMP, ARP, Raw, SCTP, IPv6ExtHdrFragment,
                       IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, ICMPv6EchoRequest, ICMPv6EchoReply,
                       ICMPv6ND_NS, AH, ESP, LLC, SNAP, Dot3, wrpcap, fragment)
from scapy.contrib.mpls import MPLS
from scapy.contrib.igmp import IGMP

A, B, C, D = "10.0.0.1", "10.0.0.2", "192.168.1.9", "224.0.0.251"
A6, B6, M6 = "2001:db8::1", "2001:db8::2", "ff02::fb"
ma, mb = "02:00:00:00:00:01", "02:00:00:00:00:02"
pk = []
e = lambda **kw: Ether(src=ma, dst=mb, **kw)
for sp, dp in [(1234, 80), (80, 1234), (40000, 443), (22, 50000), (53, 53), (8080, 100), (1, 65535), (5353, 5353)]:
    pk.append(e() / IP(src=A, dst=B) / TCP(sport=sp, dport=dp, flags="S"))
    pk.append(e() / IP(src=B, dst=C) / UDP(sport=sp, dport=dp) / Raw(b"x" * (sp % 50)))
    pk.append(e() / IPv6(src=A6, dst=B6) / TCP(sport=sp, dport=dp, flags="SA"))
    pk.append(e() / IPv6(src=B6, dst=A6) / UDP(sport=sp, dport=dp))
for fl in ["S", "SA", "A", "F", "FA", "R", "RA", "P", "PA", "U", "E", "C", "FSRPAUEC", ""]:
    pk.append(e() / IP(src=C, dst=A, tos=0x10) / TCP(sport=2000, dport=80, flags=fl))
for t, c in [(8, 0), (0, 0), (3, 1), (3, 3), (11, 0), (5, 1), (13, 0), (17, 0)]:
    pk.append(e() / IP(src=A, dst=C) / ICMP(type=t, code=c) / Raw(b"p" * 8))
pk.append(e() / IPv6(src=A6, dst=B6) / ICMPv6EchoRequest())
pk.append(e() / IPv6(src=B6, dst=A6) / ICMPv6EchoReply())
pk.append(Ether(src=ma, dst="33:33:ff:00:00:02") / IPv6(src=A6, dst="ff02::1:ff00:2") / ICMPv6ND_NS(tgt=B6))
pk.append(Ether(src=ma, dst="01:00:5e:00:00:fb") / IP(src=A, dst=D, ttl=1) / UDP(sport=5353, dport=5353))
pk.append(Ether(src=ma, dst="01:00:5e:00:00:01") / IP(src=A, dst="224.0.0.1") / IGMP())
pk.append(Ether(src=ma, dst="33:33:00:00:00:fb") / IPv6(src=A6, dst=M6) / UDP(sport=5353, dport=5353))
pk.append(Ether(src=ma, dst="ff:ff:ff:ff:ff:ff") / IP(src=A, dst="255.255.255.255") / UDP(sport=68, dport=67))
pk.append(Ether(src=ma, dst="ff:ff:ff:ff:ff:ff") / ARP(op=1, hwsrc=ma, psrc=A, pdst=B))
pk.append(e() / ARP(op=2, hwsrc=mb, psrc=B, hwdst=ma, pdst=A))
pk.append(Ether(src=ma, dst="ff:ff:ff:ff:ff:ff", type=0x8035) / ARP(op=3, hwsrc=ma, psrc=C, pdst=A))
pk.append(e() / IP(src=A, dst=B, proto=132) / SCTP(sport=3868, dport=80))
pk.append(e() / IPv6(src=A6, dst=B6) / SCTP(sport=80, dport=3868))
pk.append(e() / IP(src=A, dst=B, proto=103) / Raw(b"\x20\x00\x00\x00" * 4))
pk.append(e() / IP(src=A, dst=B, proto=112) / Raw(b"\x21" * 20))
pk.append(e() / IP(src=A, dst=B) / AH(nh=6) / TCP(sport=1, dport=80))
pk.append(e() / IP(src=A, dst=B) / ESP(spi=1) / Raw(b"e" * 16))
pk.append(e() / IP(src=A, dst=B, proto=47) / Raw(b"\x00\x00\x08\x00" * 4))
pk.append(e() / IP(src="10.1.2.3", dst="172.16.5.4") / UDP(sport=500, dport=500))
pk.append(e() / IP(src="10.255.0.1", dst="10.0.0.255", options=b"\x94\x04\x00\x00") / TCP(sport=179, dport=1179))
# fragments
for f in fragment(e() / IP(src=A, dst=B, id=77) / UDP(sport=53, dport=4000) / Raw(b"F" * 120), fragsize=48):
    pk.append(f)
pk.append(e() / IPv6(src=A6, dst=B6) / IPv6ExtHdrFragment(offset=0, m=1, id=5, nh=17) / UDP(sport=53, dport=53))
pk.append(e() / IPv6(src=A6, dst=B6) / IPv6ExtHdrFragment(offset=0, m=1, id=6, nh=6) / TCP(sport=80, dport=9))
pk.append(e() / IPv6(src=A6, dst=B6) / IPv6ExtHdrFragment(offset=10, m=0, id=5, nh=17) / Raw(b"r" * 16))
pk.append(e() / IPv6(src=A6, dst=B6) / IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() / TCP(sport=22, dport=60000))
pk.append(e() / IPv6(src=A6, dst=B6) / IPv6ExtHdrRouting() / UDP(sport=9, dport=53))
pk.append(e() / IPv6(src="fe80::1", dst="ff02::2") / ICMPv6EchoRequest())
pk.append(e() / IPv6(src="::ffff:10.1.2.3", dst="2001:db8:1::5") / UDP(sport=1, dport=2))
# VLAN, QinQ, MPLS
pk.append(e() / Dot1Q(vlan=10) / IP(src=A, dst=B) / TCP(sport=1234, dport=80))
pk.append(e() / Dot1Q(vlan=20) / IPv6(src=A6, dst=B6) / UDP(sport=53, dport=53))
pk.append(e() / Dot1Q(vlan=10) / ARP(psrc=A, pdst=B))
pk.append(e(type=0x88a8) / Dot1Q(vlan=100) / Dot1Q(vlan=200) / IP(src=A, dst=C) / UDP(sport=1, dport=53))
pk.append(e() / Dot1Q(vlan=4095, prio=7) / Dot1Q(vlan=10) / IP(src=B, dst=A) / ICMP())
pk.append(e(type=0x9100) / Dot1Q(vlan=7) / IP(src=B, dst=A) / TCP(sport=443, dport=3000))
pk.append(e(type=0x8847) / MPLS(label=100, s=1) / IP(src=A, dst=B) / UDP(sport=1, dport=2))
pk.append(e(type=0x8847) / MPLS(label=100, s=0) / MPLS(label=200, s=1) / IP(src=A, dst=B) / TCP(sport=1, dport=80))
pk.append(e(type=0x8847) / MPLS(label=16, s=1) / IPv6(src=A6, dst=B6) / UDP(sport=1, dport=2))
# 802.3/LLC, other ethertypes, short and odd frames
pk.append(Dot3(src=ma, dst="01:80:c2:00:00:00") / LLC(dsap=0x42, ssap=0x42, ctrl=3) / Raw(b"\x00" * 35))
pk.append(Dot3(src=ma, dst=mb) / LLC(dsap=0xaa, ssap=0xaa, ctrl=3) / SNAP(code=0x0800) / IP(src=A, dst=B) / UDP())
pk.append(e(type=0x88b5) / Raw(b"\x00" * 46))
pk.append(e(type=0x88cc) / Raw(b"\x02\x07\x04" + b"\x00" * 43))
pk.append(e(type=0x0800) / Raw(b"\x45"))
pk.append(e(type=0x86dd) / Raw(b"\x60\x00\x00"))
pk.append(e() / IP(src=A, dst=B, ihl=15, options=b"\x01" * 40) / TCP(sport=7, dport=80))
pk.append(e() / IP(src=A, dst=B, version=6) / Raw(b"q" * 20))
pk.append(e() / IP(src=A, dst=B, flags="DF") / TCP(sport=99, dport=80) / Raw(b"G" * 600))
wrpcap(sys.argv[1], pk)
