# Traffic for the capture test, run inside a private network namespace:
# ICMP/ICMPv6 echo, UDP and TCP over IPv4 and IPv6 loopback. Bounded and quick.
import socket, struct, sys, threading

def csum(b):
    if len(b) % 2: b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff

def ping4(seq):
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    body = b"sockfam-ping-%d" % seq
    hdr = struct.pack("!BBHHH", 8, 0, 0, 0x4242, seq)
    pkt = struct.pack("!BBHHH", 8, 0, csum(hdr + body), 0x4242, seq) + body
    s.sendto(pkt, ("127.0.0.1", 0)); s.settimeout(1); s.recv(2048); s.close()

def ping6(seq):
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    s.sendto(struct.pack("!BBHHH", 128, 0, 0, 0x4343, seq) + b"v6ping", ("::1", 0))
    s.settimeout(1)
    try: s.recv(2048)
    except OSError: pass
    s.close()

def udp(fam, host):
    r = socket.socket(fam, socket.SOCK_DGRAM); r.bind((host, 0)); port = r.getsockname()[1]
    s = socket.socket(fam, socket.SOCK_DGRAM)
    for n in (1, 100, 1000, 3000):
        s.sendto(b"u" * n, (host, port)); r.recv(65536)
    s.close(); r.close()

def tcp(fam, host):
    l = socket.socket(fam, socket.SOCK_STREAM); l.bind((host, 0)); l.listen(1); port = l.getsockname()[1]
    def serve():
        c, _ = l.accept()
        got = 0
        while got < 5000:
            d = c.recv(65536)
            if not d: break
            got += len(d)
        c.sendall(b"ok"); c.close()
    t = threading.Thread(target=serve); t.start()
    c = socket.create_connection((host, port)); c.sendall(b"t" * 5000); c.recv(10); c.close(); t.join(); l.close()

for i in range(3): ping4(i)
for i in range(2): ping6(i)
udp(socket.AF_INET, "127.0.0.1"); udp(socket.AF_INET6, "::1")
tcp(socket.AF_INET, "127.0.0.1"); tcp(socket.AF_INET6, "::1")
# The end marker: the test stops tcpdump once this datagram is in the file.
if len(sys.argv) > 1:
    r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); r.bind(("127.0.0.1", 0))
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.sendto(sys.argv[1].encode(), r.getsockname()); r.recv(100); s.close(); r.close()
