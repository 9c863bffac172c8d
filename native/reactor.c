/* The Deno readiness reactor (see reactor.h). Linux; elsewhere every call is -ENOTSUP. */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE 1
#endif
#include "reactor.h"
#include <errno.h>

#if defined(__linux__)
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#define MAX_REACTORS 8

struct reactor {
  int ep;
  sf_ready_fn ready;
  uint32_t *out;
  int cap;
  pthread_t thread;
  int cpu; /* where the thread is pinned, -1: not pinned */
};

static struct reactor reactors[MAX_REACTORS];
static int reactor_count;
static pthread_mutex_t reactors_lock = PTHREAD_MUTEX_INITIALIZER;

static void *reactor_main(void *arg) {
  struct reactor *r = arg;
  struct epoll_event ev[256];
  int max = r->cap < 256 ? r->cap : 256;
  for (;;) {
    int n = epoll_wait(r->ep, ev, max, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      return NULL;
    }
    for (int i = 0; i < n; i++) {
      r->out[2 * i] = (uint32_t)ev[i].data.fd;
      r->out[2 * i + 1] = ev[i].events;
    }
    if (n > 0) r->ready(n);
  }
}

static struct reactor *find(int32_t ep) {
  for (int i = 0; i < reactor_count; i++) if (reactors[i].ep == ep) return &reactors[i];
  return NULL;
}

int32_t sf_reactor_open(sf_ready_fn ready, uint32_t *out, int32_t capacity) {
  if (!ready || !out || capacity < 1) return -EINVAL;
  pthread_mutex_lock(&reactors_lock);
  int32_t rc;
  if (reactor_count == MAX_REACTORS) rc = -EMFILE;
  else {
    struct reactor *r = &reactors[reactor_count];
    r->ep = epoll_create1(EPOLL_CLOEXEC);
    if (r->ep < 0) rc = -errno;
    else {
      r->ready = ready;
      r->out = out;
      r->cap = capacity;
      r->cpu = -1;
      pthread_attr_t a;
      pthread_attr_init(&a);
      pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
      int e = pthread_create(&r->thread, &a, reactor_main, r);
      pthread_attr_destroy(&a);
      if (e != 0) {
        close(r->ep);
        rc = -e;
      } else {
        rc = r->ep;
        reactor_count++;
      }
    }
  }
  pthread_mutex_unlock(&reactors_lock);
  return rc;
}

int32_t sf_reactor_arm(int32_t reactor, int32_t fd, int32_t events, int32_t cpu) {
  struct reactor *r = find(reactor);
  if (!r) return -EBADF;
  if (cpu >= 0 && cpu < CPU_SETSIZE && cpu != r->cpu) {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    if (pthread_setaffinity_np(r->thread, sizeof one, &one) == 0) r->cpu = cpu;
  }
  struct epoll_event ev = {0};
  ev.events = EPOLLONESHOT | (events & 1 ? EPOLLIN : 0) | (events & 4 ? EPOLLOUT : 0);
  ev.data.fd = fd;
  if (epoll_ctl(r->ep, EPOLL_CTL_MOD, fd, &ev) == 0) return 0;
  if (errno != ENOENT) return -errno;
  return epoll_ctl(r->ep, EPOLL_CTL_ADD, fd, &ev) == 0 ? 0 : -errno;
}

int32_t sf_reactor_disarm(int32_t reactor, int32_t fd) {
  struct reactor *r = find(reactor);
  if (!r) return -EBADF;
  if (epoll_ctl(r->ep, EPOLL_CTL_DEL, fd, NULL) == 0 || errno == ENOENT || errno == EBADF) return 0;
  return -errno;
}

#else /* not Linux */
#ifndef ENOTSUP
#define ENOTSUP 95
#endif
int32_t sf_reactor_open(sf_ready_fn ready, uint32_t *out, int32_t capacity) { (void)ready; (void)out; (void)capacity; return -ENOTSUP; }
int32_t sf_reactor_arm(int32_t reactor, int32_t fd, int32_t events, int32_t cpu) { (void)reactor; (void)fd; (void)events; (void)cpu; return -ENOTSUP; }
int32_t sf_reactor_disarm(int32_t reactor, int32_t fd) { (void)reactor; (void)fd; return -ENOTSUP; }
#endif
