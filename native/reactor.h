/*
 * A readiness reactor for runtimes whose FFI can wait only on a pool thread
 * (Deno's `nonblocking` calls): one thread of sockfam's own runs epoll_wait
 * and reports ready descriptors through a callback the runtime made
 * thread-safe (Deno.UnsafeCallback.threadSafe). The thread follows the CPU
 * the caller last armed from, so its wake-ups and the caller's stay on one CPU
 * (a wake-up that crosses to an idle CPU costs more than a loopback round trip
 * on a VM). Node does not use it (it watches descriptors with uv_poll_t).
 * Every function returns a value >= 0 on success or -errno.
 */
#ifndef SOCKFAM_REACTOR_H
#define SOCKFAM_REACTOR_H
#include <stdint.h>
#include "sockfam.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called on the reactor thread with the number of (fd, epoll events) pairs written to `out`;
   must have read them before it returns (Deno's thread-safe callbacks block the caller until
   the event loop has run them). */
typedef void (*sf_ready_fn)(int32_t count);

/*
 * Starts a reactor: an epoll set and a detached thread that waits on it and
 * calls `ready` with up to `capacity` pairs [fd, events] in `out` (2 *
 * capacity words). Returns the reactor (its epoll descriptor). It lives as
 * long as the process.
 */
SF_API int32_t sf_reactor_open(sf_ready_fn ready, uint32_t *out, int32_t capacity);
/*
 * Watches fd for `events` (POLLIN=1, POLLOUT=4; errors and hang-ups always)
 * once: the next report disarms it. `cpu` (from sf_cpu(), -1: any) is where
 * the reactor thread then runs.
 */
SF_API int32_t sf_reactor_arm(int32_t reactor, int32_t fd, int32_t events, int32_t cpu);
/* Stops watching fd (no report comes for it afterwards, unless armed again). */
SF_API int32_t sf_reactor_disarm(int32_t reactor, int32_t fd);

#ifdef __cplusplus
}
#endif
#endif
