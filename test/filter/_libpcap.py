# The oracle compiler: libpcap's pcap_compile (the code tcpdump -d/-dd runs),
# called through ctypes so the whole corpus compiles in one process.
# argv[1] (or stdin): JSON lines {"expr", "dlt"}; stdout: JSON lines {"prog": [[code, jt, jf, k], ...]} or {"error": msg}.
import ctypes, ctypes.util, json, sys

lib = ctypes.CDLL(ctypes.util.find_library("pcap") or "libpcap.so.0.8")

class Insn(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]

class Prog(ctypes.Structure):
    _fields_ = [("bf_len", ctypes.c_uint), ("bf_insns", ctypes.POINTER(Insn))]

lib.pcap_open_dead.restype = ctypes.c_void_p
lib.pcap_open_dead.argtypes = [ctypes.c_int, ctypes.c_int]
lib.pcap_compile.argtypes = [ctypes.c_void_p, ctypes.POINTER(Prog), ctypes.c_char_p, ctypes.c_int, ctypes.c_uint]
lib.pcap_geterr.restype = ctypes.c_char_p
lib.pcap_geterr.argtypes = [ctypes.c_void_p]
lib.pcap_freecode.argtypes = [ctypes.POINTER(Prog)]
lib.pcap_lib_version.restype = ctypes.c_char_p

handles = {}
print(json.dumps({"version": lib.pcap_lib_version().decode()}), flush=True)
src = open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin
for line in src:
    q = json.loads(line)
    dlt = q["dlt"]
    if dlt not in handles:
        handles[dlt] = lib.pcap_open_dead(dlt, 262144)
    p = handles[dlt]
    prog = Prog()
    if lib.pcap_compile(p, ctypes.byref(prog), q["expr"].encode(), 1, 0xFFFFFFFF) != 0:
        print(json.dumps({"error": lib.pcap_geterr(p).decode()}))
        continue
    out = [[prog.bf_insns[i].code, prog.bf_insns[i].jt, prog.bf_insns[i].jf, prog.bf_insns[i].k] for i in range(prog.bf_len)]
    lib.pcap_freecode(ctypes.byref(prog))
    print(json.dumps({"prog": out}))
sys.stdout.flush()
