# Peer for bench/parse.bench.mjs: dpkt decodes every frame of a pcap file
# (Ethernet/VLAN, IPv4/IPv6, TCP/UDP/ICMP fields read; dpkt verifies no
# checksums). Timing is done here, around the decode loop only.
import io, sys, time, json
import dpkt

path, rounds = sys.argv[1], int(sys.argv[2])
data = open(path, "rb").read()

def run():
    n = 0
    acc = 0
    for ts, buf in dpkt.pcap.Reader(io.BytesIO(data)):
        eth = dpkt.ethernet.Ethernet(buf)
        ip = eth.data
        if isinstance(ip, (dpkt.ip.IP, dpkt.ip6.IP6)):
            l4 = ip.data
            if isinstance(l4, (dpkt.tcp.TCP, dpkt.udp.UDP)):
                acc += l4.sport + l4.dport
            elif isinstance(l4, (dpkt.icmp.ICMP, dpkt.icmp6.ICMP6)):
                acc += l4.type
        n += 1
    return n

best = float("inf")
n = 0
for _ in range(rounds):
    t0 = time.perf_counter()
    n = run()
    best = min(best, time.perf_counter() - t0)
print(json.dumps({"packets": n, "seconds": best}))
