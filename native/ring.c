/* TPACKET_V3 memory-mapped receive ring (see sf_ring_* in sockfam.h). */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE 1
#endif
#include "sockfam.h"
#include <errno.h>

#if defined(__linux__)
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>

#define SF_MAX_RINGS 64

struct sf_ring {
  int fd;
  uint8_t *map;
  size_t map_len;
  uint32_t block_size, block_nr;
  uint32_t cur;        /* block being read */
  uint32_t left;       /* frames left in the current block (0 = not started) */
  uint8_t *next;       /* next frame header in the current block */
};

static struct sf_ring rings[SF_MAX_RINGS];
static int claimed[SF_MAX_RINGS];

int32_t sf_ring_open(int32_t fd, int32_t block_size, int32_t block_nr, int32_t frame_size, int32_t retire_ms) {
  if (block_size <= 0 || block_nr <= 0 || frame_size <= 0 || block_size % frame_size) return -EINVAL;
  /* Claim a slot atomically: worker threads share this table. */
  int slot = -1;
  for (int i = 0; i < SF_MAX_RINGS && slot < 0; i++) {
    int expected = 0;
    if (__atomic_compare_exchange_n(&claimed[i], &expected, 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) slot = i;
  }
  if (slot < 0) return -EMFILE;
  int v = TPACKET_V3;
  if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof v) < 0) { int e = errno; __atomic_store_n(&claimed[slot], 0, __ATOMIC_RELEASE); return -e; }
  struct tpacket_req3 req;
  memset(&req, 0, sizeof req);
  req.tp_block_size = (unsigned)block_size;
  req.tp_block_nr = (unsigned)block_nr;
  req.tp_frame_size = (unsigned)frame_size;
  req.tp_frame_nr = (unsigned)((block_size / frame_size) * block_nr);
  req.tp_retire_blk_tov = (unsigned)retire_ms;
  if (setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0) { int e = errno; __atomic_store_n(&claimed[slot], 0, __ATOMIC_RELEASE); return -e; }
  size_t len = (size_t)block_size * (size_t)block_nr;
  void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (m == MAP_FAILED) {
    int e = errno;
    memset(&req, 0, sizeof req);
    setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req);
    __atomic_store_n(&claimed[slot], 0, __ATOMIC_RELEASE);
    return -e;
  }
  struct sf_ring *r = &rings[slot];
  r->fd = fd;
  r->map = (uint8_t *)m;
  r->map_len = len;
  r->block_size = (uint32_t)block_size;
  r->block_nr = (uint32_t)block_nr;
  r->cur = 0;
  r->left = 0;
  r->next = NULL;
  return slot;
}

int32_t sf_ring_read(int32_t ring, uint8_t *out, int32_t outlen, uint32_t *meta, int32_t metacap) {
  if (ring < 0 || ring >= SF_MAX_RINGS || !rings[ring].map) return -EBADF;
  struct sf_ring *r = &rings[ring];
  int32_t n = 0;
  uint32_t off = 0;
  while (n < metacap) {
    struct tpacket_block_desc *bd = (struct tpacket_block_desc *)(r->map + (size_t)r->cur * r->block_size);
    if (!r->left) {
      if (!(__atomic_load_n(&bd->hdr.bh1.block_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER)) break;
      r->left = bd->hdr.bh1.num_pkts;
      r->next = (uint8_t *)bd + bd->hdr.bh1.offset_to_first_pkt;
      if (!r->left) goto release;
    }
    while (r->left && n < metacap) {
      struct tpacket3_hdr *h = (struct tpacket3_hdr *)r->next;
      uint32_t cap = h->tp_snaplen;
      if (off + cap > (uint32_t)outlen) {
        if (n == 0) return -EMSGSIZE;
        return n;
      }
      memcpy(out + off, (uint8_t *)h + h->tp_mac, cap);
      struct sockaddr_ll *ll = (struct sockaddr_ll *)((uint8_t *)h + TPACKET_ALIGN(sizeof(struct tpacket3_hdr)));
      uint32_t *m = meta + (size_t)n * SF_RING_META;
      m[0] = off;
      m[1] = cap;
      m[2] = h->tp_len;
      m[3] = h->tp_sec;
      m[4] = h->tp_nsec;
      m[5] = (uint32_t)ll->sll_ifindex;
      m[6] = (uint32_t)ntohs(ll->sll_protocol) | ((uint32_t)ll->sll_pkttype << 16);
      m[7] = (h->tp_status & TP_STATUS_VLAN_VALID) ? h->hv1.tp_vlan_tci : 0xffffffffu;
      off = (off + cap + 3u) & ~3u;
      n++;
      r->left--;
      r->next = h->tp_next_offset ? (uint8_t *)h + h->tp_next_offset : r->next;
    }
    if (r->left) break;
  release:
    __atomic_store_n(&bd->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
    r->cur = (r->cur + 1) % r->block_nr;
  }
  return n;
}

int32_t sf_ring_close(int32_t ring) {
  if (ring < 0 || ring >= SF_MAX_RINGS || !rings[ring].map) return -EBADF;
  munmap(rings[ring].map, rings[ring].map_len);
  memset(&rings[ring], 0, sizeof rings[ring]);
  __atomic_store_n(&claimed[ring], 0, __ATOMIC_RELEASE);
  return 0;
}

#else
int32_t sf_ring_open(int32_t fd, int32_t b, int32_t n, int32_t f, int32_t t) { (void)fd; (void)b; (void)n; (void)f; (void)t; return -95; }
int32_t sf_ring_read(int32_t r, uint8_t *o, int32_t l, uint32_t *m, int32_t c) { (void)r; (void)o; (void)l; (void)m; (void)c; return -95; }
int32_t sf_ring_close(int32_t r) { (void)r; return -95; }
#endif
