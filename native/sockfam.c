/* sockfam native core (see sockfam.h). Linux implementation; elsewhere every call is -ENOTSUP. */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE 1
#endif
#include "sockfam.h"
#include <errno.h>

#if defined(__linux__)
#include <arpa/inet.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#define RET(x) do { int _r = (x); return _r < 0 ? -errno : _r; } while (0)

int32_t sf_supported(void) { return 1; }
int32_t sf_abi_version(void) { return 4; }

int32_t sf_socket(int32_t family, int32_t type, int32_t proto) {
  int p = family == AF_PACKET ? htons((uint16_t)proto) : proto;
  RET(socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, p));
}

int32_t sf_close(int32_t fd) { RET(close(fd)); }
int32_t sf_bind(int32_t fd, const uint8_t *sa, int32_t salen) { RET(bind(fd, (const struct sockaddr *)sa, (socklen_t)salen)); }
int32_t sf_connect(int32_t fd, const uint8_t *sa, int32_t salen) { RET(connect(fd, (const struct sockaddr *)sa, (socklen_t)salen)); }
int32_t sf_listen(int32_t fd, int32_t backlog) { RET(listen(fd, backlog)); }
int32_t sf_shutdown(int32_t fd, int32_t how) { RET(shutdown(fd, how)); }
int32_t sf_dup2(int32_t fd, int32_t to) { RET(dup3(fd, to, O_CLOEXEC)); }

int32_t sf_accept(int32_t fd, uint8_t *sa, int32_t *salen) {
  socklen_t l = salen ? (socklen_t)*salen : 0;
  int r = accept4(fd, (struct sockaddr *)sa, sa ? &l : NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (r < 0) return -errno;
  if (salen) *salen = (int32_t)l;
  return r;
}

int32_t sf_sendto(int32_t fd, const uint8_t *buf, int32_t len, int32_t flags, const uint8_t *sa, int32_t salen) {
  ssize_t r = sendto(fd, buf, (size_t)len, flags | MSG_NOSIGNAL, sa && salen > 0 ? (const struct sockaddr *)sa : NULL,
                     sa && salen > 0 ? (socklen_t)salen : 0);
  return r < 0 ? -errno : (int32_t)r;
}

int32_t sf_recvfrom(int32_t fd, uint8_t *buf, int32_t len, int32_t flags, uint8_t *sa, int32_t *salen) {
  socklen_t l = salen ? (socklen_t)*salen : 0;
  ssize_t r = recvfrom(fd, buf, (size_t)len, flags, sa ? (struct sockaddr *)sa : NULL, sa ? &l : NULL);
  if (r < 0) return -errno;
  if (salen) *salen = sa ? (int32_t)l : 0;
  return (int32_t)r;
}

int32_t sf_setsockopt(int32_t fd, int32_t level, int32_t opt, const uint8_t *val, int32_t len) {
  RET(setsockopt(fd, level, opt, val, (socklen_t)len));
}

int32_t sf_getsockopt(int32_t fd, int32_t level, int32_t opt, uint8_t *val, int32_t *len) {
  socklen_t l = (socklen_t)*len;
  if (getsockopt(fd, level, opt, val, &l) < 0) return -errno;
  *len = (int32_t)l;
  return (int32_t)l;
}

int32_t sf_getsockname(int32_t fd, uint8_t *sa, int32_t *salen) {
  socklen_t l = (socklen_t)*salen;
  if (getsockname(fd, (struct sockaddr *)sa, &l) < 0) return -errno;
  *salen = (int32_t)l;
  return 0;
}

int32_t sf_getpeername(int32_t fd, uint8_t *sa, int32_t *salen) {
  socklen_t l = (socklen_t)*salen;
  if (getpeername(fd, (struct sockaddr *)sa, &l) < 0) return -errno;
  *salen = (int32_t)l;
  return 0;
}

int32_t sf_attach_filter(int32_t fd, const uint8_t *insns, int32_t count) {
  struct sock_fprog prog;
  if (count <= 0 || count > 4096) return -EINVAL;
  prog.len = (unsigned short)count;
  prog.filter = (struct sock_filter *)(void *)insns;
  RET(setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog));
}

int32_t sf_if_nametoindex(const uint8_t *name) {
  unsigned i = if_nametoindex((const char *)name);
  return i ? (int32_t)i : -(errno ? errno : ENODEV);
}

int32_t sf_if_indextoname(int32_t index, uint8_t *out) {
  char buf[IF_NAMESIZE];
  if (!if_indextoname((unsigned)index, buf)) return -errno;
  size_t n = strnlen(buf, IF_NAMESIZE);
  memcpy(out, buf, n);
  out[n < IF_NAMESIZE ? n : IF_NAMESIZE - 1] = 0;
  return (int32_t)n;
}

#define SF_MMSG_BATCH 256

/* Most segments per UDP GSO send (the kernel's UDP_MAX_SEGMENTS is 64 or 128). */
#define SF_GSO_MAX 64
#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif

/*
 * Sends `k` equal datagrams of `seg` bytes laid end to end as one UDP GSO
 * message: the kernel splits it back into datagrams (receivers see k
 * datagrams), at a fraction of the per-datagram cost of sendmmsg.
 */
static int sf_send_gso(int fd, const uint8_t *buf, uint32_t seg, int k, const uint8_t *sa, int32_t salen) {
  union { char b[CMSG_SPACE(sizeof(uint16_t))]; struct cmsghdr align; } control;
  struct iovec iov = {(void *)buf, (size_t)seg * (size_t)k};
  struct msghdr h;
  memset(&h, 0, sizeof h);
  memset(&control, 0, sizeof control);
  h.msg_iov = &iov;
  h.msg_iovlen = 1;
  if (sa && salen > 0) {
    h.msg_name = (void *)sa;
    h.msg_namelen = (socklen_t)salen;
  }
  h.msg_control = control.b;
  h.msg_controllen = sizeof control.b;
  struct cmsghdr *c = CMSG_FIRSTHDR(&h);
  c->cmsg_level = SOL_UDP;
  c->cmsg_type = UDP_SEGMENT;
  c->cmsg_len = CMSG_LEN(sizeof(uint16_t));
  uint16_t s16 = (uint16_t)seg;
  memcpy(CMSG_DATA(c), &s16, sizeof s16);
  ssize_t r = sendmsg(fd, &h, MSG_NOSIGNAL);
  return r < 0 ? -errno : k;
}

/* True for an AF_INET/AF_INET6 SOCK_DGRAM UDP socket (GSO applies; not to raw or packet sockets). */
static int sf_is_udp(int fd) {
  int p = 0, t = 0, d = 0;
  socklen_t l = sizeof p, lt = sizeof t, ld = sizeof d;
  return getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &p, &l) == 0 && p == IPPROTO_UDP &&
         getsockopt(fd, SOL_SOCKET, SO_TYPE, &t, &lt) == 0 && t == SOCK_DGRAM &&
         getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &d, &ld) == 0 && (d == AF_INET || d == AF_INET6);
}

int32_t sf_sendmmsg(int32_t fd, const uint8_t *buf, const uint32_t *lens, int32_t count, const uint8_t *sa,
                    int32_t salen) {
  struct mmsghdr msgs[SF_MMSG_BATCH];
  struct iovec iov[SF_MMSG_BATCH];
  int32_t sent = 0;
  size_t off = 0;
  int gso = count > 1 && sf_is_udp(fd);
  while (sent < count) {
    /* A run of equal lengths goes out as one GSO message; any refusal turns GSO off for this call. */
    if (gso) {
      uint32_t seg = lens[sent];
      int k = 1;
      while (k < SF_GSO_MAX && sent + k < count && lens[sent + k] == seg && (size_t)seg * (size_t)(k + 1) <= 65000) k++;
      if (k > 1 && seg > 0) {
        int r = sf_send_gso(fd, buf + off, seg, k, sa, salen);
        if (r > 0) {
          sent += r;
          off += (size_t)seg * (size_t)r;
          continue;
        }
        /* GSO refused (EINVAL, EIO without checksum offload, EMSGSIZE above the path MTU...): plain
           sendmmsg. Any other error (EAGAIN, ECONNREFUSED, EACCES...) is the answer, as for send(). */
        if (r != -EINVAL && r != -EIO && r != -EMSGSIZE && r != -EOPNOTSUPP && r != -ENOPROTOOPT) return sent ? sent : r;
        gso = 0;
      }
    }
    int n = count - sent < SF_MMSG_BATCH ? count - sent : SF_MMSG_BATCH;
    size_t o = off;
    memset(msgs, 0, sizeof(struct mmsghdr) * (size_t)n);
    for (int i = 0; i < n; i++) {
      iov[i].iov_base = (void *)(buf + o);
      iov[i].iov_len = lens[sent + i];
      o += lens[sent + i];
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
      if (sa && salen > 0) {
        msgs[i].msg_hdr.msg_name = (void *)sa;
        msgs[i].msg_hdr.msg_namelen = (socklen_t)salen;
      }
    }
    int r = sendmmsg(fd, msgs, (unsigned)n, MSG_NOSIGNAL);
    if (r < 0) return sent ? sent : -errno;
    for (int i = 0; i < r; i++) off += lens[sent + i];
    sent += r;
    if (r < n) break;
  }
  return sent;
}

/* Seconds and nanoseconds from an SCM_TIMESTAMPNS / SCM_TIMESTAMP control message (0, 0 when none). */
static void sf_timestamp(struct msghdr *h, uint32_t *sec, uint32_t *nsec) {
  *sec = 0;
  *nsec = 0;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(h); c; c = CMSG_NXTHDR(h, c)) {
    if (c->cmsg_level != SOL_SOCKET) continue;
    if (c->cmsg_type == SCM_TIMESTAMPNS && c->cmsg_len >= CMSG_LEN(sizeof(struct timespec))) {
      struct timespec ts;
      memcpy(&ts, CMSG_DATA(c), sizeof ts);
      *sec = (uint32_t)ts.tv_sec;
      *nsec = (uint32_t)ts.tv_nsec;
    } else if (c->cmsg_type == SCM_TIMESTAMP && c->cmsg_len >= CMSG_LEN(sizeof(struct timeval))) {
      struct timeval tv;
      memcpy(&tv, CMSG_DATA(c), sizeof tv);
      *sec = (uint32_t)tv.tv_sec;
      *nsec = (uint32_t)tv.tv_usec * 1000u;
    }
  }
}

/* Room for one timestamp control message (either kind) plus slack for others. */
#define SF_CMSG_ROOM 64

int32_t sf_recvmmsg(int32_t fd, uint8_t *buf, int32_t slot, int32_t count, uint32_t *meta, uint8_t *addrs,
                    int32_t addrslot, int32_t flags) {
  struct mmsghdr msgs[SF_MMSG_BATCH];
  struct iovec iov[SF_MMSG_BATCH];
  uint8_t control[SF_MMSG_BATCH][SF_CMSG_ROOM];
  if (slot <= 0 || count <= 0 || addrslot < 0) return -EINVAL;
  int32_t got = 0;
  while (got < count) {
    int n = count - got < SF_MMSG_BATCH ? count - got : SF_MMSG_BATCH;
    memset(msgs, 0, sizeof(struct mmsghdr) * (size_t)n);
    for (int i = 0; i < n; i++) {
      iov[i].iov_base = buf + (size_t)(got + i) * (size_t)slot;
      iov[i].iov_len = (size_t)slot;
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
      if (addrs && addrslot > 0) {
        msgs[i].msg_hdr.msg_name = addrs + (size_t)(got + i) * (size_t)addrslot;
        msgs[i].msg_hdr.msg_namelen = (socklen_t)addrslot;
      }
      msgs[i].msg_hdr.msg_control = control[i];
      msgs[i].msg_hdr.msg_controllen = SF_CMSG_ROOM;
    }
    /* MSG_TRUNC: msg_len is the datagram's full length, so a cut is visible. */
    int r = recvmmsg(fd, msgs, (unsigned)n, (flags | MSG_TRUNC | MSG_DONTWAIT) & ~MSG_WAITFORONE, NULL);
    if (r < 0) return got ? got : -errno;
    for (int i = 0; i < r; i++) {
      uint32_t *m = meta + (size_t)(got + i) * SF_DGRAM_META;
      m[0] = msgs[i].msg_len;
      m[1] = addrs && addrslot > 0 ? (uint32_t)msgs[i].msg_hdr.msg_namelen : 0;
      sf_timestamp(&msgs[i].msg_hdr, &m[2], &m[3]);
    }
    got += r;
    if (r < n) break;
  }
  return got;
}

int32_t sf_recvmsg(int32_t fd, uint8_t *buf, int32_t len, int32_t flags, uint8_t *sa, int32_t *salen, uint32_t *ts) {
  uint8_t control[SF_CMSG_ROOM];
  struct iovec iov = {buf, (size_t)len};
  struct msghdr h;
  memset(&h, 0, sizeof h);
  h.msg_iov = &iov;
  h.msg_iovlen = 1;
  if (sa && salen) {
    h.msg_name = sa;
    h.msg_namelen = (socklen_t)*salen;
  }
  h.msg_control = control;
  h.msg_controllen = sizeof control;
  ssize_t r = recvmsg(fd, &h, flags);
  if (r < 0) return -errno;
  if (salen) *salen = sa ? (int32_t)h.msg_namelen : 0;
  if (ts) sf_timestamp(&h, &ts[0], &ts[1]);
  return (int32_t)r;
}

int32_t sf_wait(int32_t fd, int32_t events, int32_t wakefd, int32_t timeout_ms) {
  struct pollfd p[2] = {{fd, (short)events, 0}, {wakefd, POLLIN, 0}};
  int r = poll(p, wakefd >= 0 ? 2 : 1, timeout_ms);
  if (r < 0) return errno == EINTR ? 0 : -errno;
  if (wakefd >= 0 && (p[1].revents & POLLIN)) return SF_WOKEN;
  return p[0].revents;
}

int32_t sf_cpu(void) { RET(sched_getcpu()); }

int32_t sf_wait_on(int32_t fd, int32_t events, int32_t wakefd, int32_t timeout_ms, int32_t cpu) {
  /* Moved onto the caller's CPU for the wait: the wake-ups between this thread and the caller's
     then stay on one CPU, rather than each waking an idle one (an inter-processor interrupt,
     costly on a VM). The thread's own affinity comes back afterwards. */
  cpu_set_t saved, one;
  int pinned = 0;
  if (cpu >= 0 && cpu < CPU_SETSIZE && sched_getaffinity(0, sizeof saved, &saved) == 0 && CPU_ISSET(cpu, &saved) && CPU_COUNT(&saved) > 1) {
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    pinned = sched_setaffinity(0, sizeof one, &one) == 0;
  }
  int32_t r = sf_wait(fd, events, wakefd, timeout_ms);
  if (pinned) sched_setaffinity(0, sizeof saved, &saved);
  return r;
}

int32_t sf_waker_open(void) { RET(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)); }

int32_t sf_waker_wake(int32_t wakefd) {
  uint64_t one = 1;
  RET((int)write(wakefd, &one, sizeof one));
}

#else /* not Linux: the build succeeds, every call reports ENOTSUP */
#ifndef ENOTSUP
#define ENOTSUP 95
#endif
#define NS return -ENOTSUP
int32_t sf_supported(void) { return 0; }
int32_t sf_abi_version(void) { return 4; }
int32_t sf_socket(int32_t a, int32_t b, int32_t c) { (void)a; (void)b; (void)c; NS; }
int32_t sf_close(int32_t fd) { (void)fd; NS; }
int32_t sf_bind(int32_t fd, const uint8_t *sa, int32_t l) { (void)fd; (void)sa; (void)l; NS; }
int32_t sf_connect(int32_t fd, const uint8_t *sa, int32_t l) { (void)fd; (void)sa; (void)l; NS; }
int32_t sf_listen(int32_t fd, int32_t b) { (void)fd; (void)b; NS; }
int32_t sf_accept(int32_t fd, uint8_t *sa, int32_t *l) { (void)fd; (void)sa; (void)l; NS; }
int32_t sf_shutdown(int32_t fd, int32_t h) { (void)fd; (void)h; NS; }
int32_t sf_dup2(int32_t fd, int32_t to) { (void)fd; (void)to; NS; }
int32_t sf_sendto(int32_t fd, const uint8_t *b, int32_t n, int32_t f, const uint8_t *sa, int32_t l) { (void)fd; (void)b; (void)n; (void)f; (void)sa; (void)l; NS; }
int32_t sf_recvfrom(int32_t fd, uint8_t *b, int32_t n, int32_t f, uint8_t *sa, int32_t *l) { (void)fd; (void)b; (void)n; (void)f; (void)sa; (void)l; NS; }
int32_t sf_setsockopt(int32_t fd, int32_t a, int32_t o, const uint8_t *v, int32_t l) { (void)fd; (void)a; (void)o; (void)v; (void)l; NS; }
int32_t sf_getsockopt(int32_t fd, int32_t a, int32_t o, uint8_t *v, int32_t *l) { (void)fd; (void)a; (void)o; (void)v; (void)l; NS; }
int32_t sf_getsockname(int32_t fd, uint8_t *sa, int32_t *l) { (void)fd; (void)sa; (void)l; NS; }
int32_t sf_getpeername(int32_t fd, uint8_t *sa, int32_t *l) { (void)fd; (void)sa; (void)l; NS; }
int32_t sf_attach_filter(int32_t fd, const uint8_t *i, int32_t c) { (void)fd; (void)i; (void)c; NS; }
int32_t sf_if_nametoindex(const uint8_t *n) { (void)n; NS; }
int32_t sf_if_indextoname(int32_t i, uint8_t *o) { (void)i; (void)o; NS; }
int32_t sf_sendmmsg(int32_t fd, const uint8_t *b, const uint32_t *l, int32_t c, const uint8_t *sa, int32_t sl) { (void)fd; (void)b; (void)l; (void)c; (void)sa; (void)sl; NS; }
int32_t sf_recvmmsg(int32_t fd, uint8_t *b, int32_t s, int32_t c, uint32_t *m, uint8_t *a, int32_t as, int32_t f) { (void)fd; (void)b; (void)s; (void)c; (void)m; (void)a; (void)as; (void)f; NS; }
int32_t sf_recvmsg(int32_t fd, uint8_t *b, int32_t n, int32_t f, uint8_t *sa, int32_t *l, uint32_t *ts) { (void)fd; (void)b; (void)n; (void)f; (void)sa; (void)l; (void)ts; NS; }
int32_t sf_wait(int32_t fd, int32_t e, int32_t w, int32_t t) { (void)fd; (void)e; (void)w; (void)t; NS; }
int32_t sf_cpu(void) { NS; }
int32_t sf_wait_on(int32_t fd, int32_t e, int32_t w, int32_t t, int32_t c) { (void)fd; (void)e; (void)w; (void)t; (void)c; NS; }
int32_t sf_waker_open(void) { NS; }
int32_t sf_waker_wake(int32_t w) { (void)w; NS; }
#endif
