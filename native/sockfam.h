/*
 * sockfam native core: a plain C ABI over the socket calls no JS runtime
 * offers (AF_PACKET, SOCK_RAW, AF_UNIX SOCK_DGRAM/SOCK_SEQPACKET, options on
 * any descriptor). Every function returns a value >= 0 on success or -errno.
 * Addresses travel as raw struct sockaddr bytes, encoded and decoded in
 * TypeScript (src/core/native/sockaddr.ts), so this layer stays thin.
 * Descriptors are created non-blocking and close-on-exec.
 *
 * The same shared object serves Node (through the node-addon-api wrapper in
 * addon.cc) and Deno (Deno.dlopen on these sf_* symbols).
 */
#ifndef SOCKFAM_H
#define SOCKFAM_H
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define SF_API __declspec(dllexport)
#else
#define SF_API __attribute__((visibility("default")))
#endif

/* 1 on Linux (everything works), 0 elsewhere (every call returns -ENOTSUP). */
SF_API int32_t sf_supported(void);
/* ABI version; bumped when a signature changes. */
SF_API int32_t sf_abi_version(void);

/* socket(2), non-blocking + close-on-exec. For AF_PACKET `proto` is in host order (htons is done here). */
SF_API int32_t sf_socket(int32_t family, int32_t type, int32_t proto);
SF_API int32_t sf_close(int32_t fd);
SF_API int32_t sf_bind(int32_t fd, const uint8_t *sa, int32_t salen);
SF_API int32_t sf_connect(int32_t fd, const uint8_t *sa, int32_t salen);
SF_API int32_t sf_listen(int32_t fd, int32_t backlog);
/* accept4(2) non-blocking; peer address written to sa (capacity *salen, updated). */
SF_API int32_t sf_accept(int32_t fd, uint8_t *sa, int32_t *salen);
SF_API int32_t sf_shutdown(int32_t fd, int32_t how);
/* dup3(fd, to, O_CLOEXEC): `to` becomes another descriptor of fd's socket (its old socket is closed). */
SF_API int32_t sf_dup2(int32_t fd, int32_t to);
/* sa may be NULL (salen 0) for a connected/bound socket. */
SF_API int32_t sf_sendto(int32_t fd, const uint8_t *buf, int32_t len, int32_t flags, const uint8_t *sa, int32_t salen);
/* Returns the datagram length (may exceed len with MSG_TRUNC); sender written to sa. */
SF_API int32_t sf_recvfrom(int32_t fd, uint8_t *buf, int32_t len, int32_t flags, uint8_t *sa, int32_t *salen);
SF_API int32_t sf_setsockopt(int32_t fd, int32_t level, int32_t opt, const uint8_t *val, int32_t len);
/* Value written to val (capacity *len, updated). */
SF_API int32_t sf_getsockopt(int32_t fd, int32_t level, int32_t opt, uint8_t *val, int32_t *len);
SF_API int32_t sf_getsockname(int32_t fd, uint8_t *sa, int32_t *salen);
SF_API int32_t sf_getpeername(int32_t fd, uint8_t *sa, int32_t *salen);

/* SO_ATTACH_FILTER with `count` classic BPF instructions (8 bytes each: u16 code, u8 jt, u8 jf, u32 k, host order). */
SF_API int32_t sf_attach_filter(int32_t fd, const uint8_t *insns, int32_t count);

/* Interface name (NUL-terminated) to index, -ENODEV if there is none. */
SF_API int32_t sf_if_nametoindex(const uint8_t *name);
/* Index to name into out (>= 16 bytes); returns the name length. */
SF_API int32_t sf_if_indextoname(int32_t index, uint8_t *out);

/*
 * Batched send (sendmmsg): `count` frames laid end to end in buf, their
 * lengths in lens. Returns how many were sent (0..count), or -errno if the
 * first one failed. sa may be NULL for a bound/connected socket. On UDP
 * sockets a run of equal lengths goes out as one UDP GSO message (UDP_SEGMENT),
 * which the kernel splits back into datagrams; sendmmsg when GSO is refused.
 */
SF_API int32_t sf_sendmmsg(int32_t fd, const uint8_t *buf, const uint32_t *lens, int32_t count,
                           const uint8_t *sa, int32_t salen);

/*
 * Batched receive (recvmmsg), up to `count` datagrams without waiting:
 * datagram i is written at buf + i * slot (at most `slot` bytes), its sender
 * at addrs + i * addrslot (addrs may be NULL), and SF_DGRAM_META words at
 * meta + i * SF_DGRAM_META: length (the datagram's full length, larger than
 * slot when it was cut), sender address length, kernel receive time seconds
 * and nanoseconds (SO_TIMESTAMPNS or SO_TIMESTAMP; 0, 0 when not enabled).
 * Returns the datagram count (>= 1), or -errno (-EAGAIN when none is queued).
 */
#define SF_DGRAM_META 4
SF_API int32_t sf_recvmmsg(int32_t fd, uint8_t *buf, int32_t slot, int32_t count, uint32_t *meta, uint8_t *addrs,
                           int32_t addrslot, int32_t flags);
/*
 * recvmsg(2) of one datagram or chunk, with the kernel receive time written
 * to ts[0] (seconds) and ts[1] (nanoseconds), both 0 without a timestamp
 * option. Otherwise as sf_recvfrom.
 */
SF_API int32_t sf_recvmsg(int32_t fd, uint8_t *buf, int32_t len, int32_t flags, uint8_t *sa, int32_t *salen,
                          uint32_t *ts);

/*
 * TPACKET_V3 receive ring on an AF_PACKET socket (set it up before bind).
 * Returns a ring handle (>= 0).
 */
SF_API int32_t sf_ring_open(int32_t fd, int32_t block_size, int32_t block_nr, int32_t frame_size,
                            int32_t retire_ms);
/*
 * Copies frames from blocks the kernel has handed over into out (laid end to
 * end, each at a 4-byte aligned offset) and SF_RING_META words per frame into
 * meta: offset, caplen, len, sec, nsec, ifindex, protocol (host order) |
 * pkttype << 16, vlan_tci. Stops when out or meta is full. Returns the frame
 * count (0 = nothing ready: poll the fd for readability).
 */
#define SF_RING_META 8
SF_API int32_t sf_ring_read(int32_t ring, uint8_t *out, int32_t outlen, uint32_t *meta, int32_t metacap);
SF_API int32_t sf_ring_close(int32_t ring);

/*
 * Waits (blocking, for a worker thread: Deno's nonblocking FFI) until fd has
 * one of `events` (POLLIN=1, POLLOUT=4), or wakefd becomes readable
 * (returns SF_WOKEN), or timeout_ms passes (returns 0). wakefd < 0: none.
 */
#define SF_WOKEN 0x10000
SF_API int32_t sf_wait(int32_t fd, int32_t events, int32_t wakefd, int32_t timeout_ms);
/*
 * sf_wait on CPU `cpu` (the caller's, from sf_cpu(); -1: anywhere): the waiting
 * thread is pinned there for the wait and restored after, so its wake-ups and
 * the caller's stay on one CPU instead of waking an idle one each time.
 */
SF_API int32_t sf_wait_on(int32_t fd, int32_t events, int32_t wakefd, int32_t timeout_ms, int32_t cpu);
/* The CPU the calling thread runs on (sched_getcpu), or -errno. */
SF_API int32_t sf_cpu(void);
/* A waker for sf_wait: an eventfd. */
SF_API int32_t sf_waker_open(void);
SF_API int32_t sf_waker_wake(int32_t wakefd);

#ifdef __cplusplus
}
#endif
#endif
