# Traffic for the flow tests, run inside the client namespace against the
# server namespace (addresses given on the command line): concurrent HTTP
# downloads (python3 -m http.server runs in the server namespace), a
# half-close, a reset, client-port reuse, big (fragmented) UDP datagrams and
# ICMP echoes over IPv4 and IPv6, then an end marker.
import socket, struct, sys, threading, time, urllib.request, os

v4, v6, port, marker = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]

def get(host, path):
    with urllib.request.urlopen(f"http://{host}:{port}/{path}", timeout=20) as r:
        return len(r.read())

threads = []
for i in range(4):
    host = v4 if i % 2 == 0 else f"[{v6}]"
    t = threading.Thread(target=get, args=(host, "big.bin" if i < 2 else "small.txt"))
    t.start()
    threads.append(t)
for t in threads:
    t.join()

# Half-close: the request, then shutdown(SHUT_WR); the server answers after our FIN.
s = socket.create_connection((v4, port), timeout=10)
s.sendall(b"GET /small.txt HTTP/1.0\r\n\r\n")
s.shutdown(socket.SHUT_WR)
while s.recv(65536):
    pass
s.close()

# Reset (SO_LINGER 0), twice from the same client port: the second SYN on the
# same 5-tuple starts a new stream.
for k in range(2):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.bind((v4, 0) if False else ("0.0.0.0", 45123))
    s.connect((v4, port))
    s.sendall(b"GET /small.txt HTTP/1.0\r\n\r\n")
    s.recv(100)
    s.close()
    time.sleep(0.05)

# UDP: an echo server thread in this namespace would be loopback; send to the
# server namespace's discard port instead (it answers nothing, the bytes are on the wire).
for fam, host in ((socket.AF_INET, v4), (socket.AF_INET6, v6)):
    u = socket.socket(fam, socket.SOCK_DGRAM)
    for size in (100, 3000, 8000, 1400, 20000):
        u.sendto(bytes((i * 7 + size) & 255 for i in range(size)), (host, 9))
    u.close()

def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack(f"!{len(b) // 2}H", b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff

# ICMP echo, 3000 bytes of payload (fragmented); the kernel answers, also fragmented.
r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
for seq in range(2):
    body = bytes((i + seq) & 255 for i in range(3000))
    h = struct.pack("!BBHHH", 8, 0, 0, 0x4242, seq)
    c = csum(h + body)
    r.sendto(struct.pack("!BBHHH", 8, 0, c, 0x4242, seq) + body, (v4, 0))
r6 = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
for seq in range(2):
    body = bytes((i + seq) & 255 for i in range(3000))
    r6.sendto(struct.pack("!BBHHH", 128, 0, 0, 0x4243, seq) + body, (v6, 0))  # kernel fills the checksum
time.sleep(0.3)

u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.sendto(marker.encode(), (v4, 9))
print("traffic done")
