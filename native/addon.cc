// Thin node-addon-api wrapper over the sf_* C ABI (sockfam.h): one JS function
// per C function, numbers in, numbers out (-errno on failure), typed arrays
// passed by pointer. Plus Poller: a uv_poll_t readiness watcher on a
// non-blocking descriptor (serialport's pattern), so Node never blocks.
#include <napi.h>
#include <uv.h>
#include "sockfam.h"

namespace {

// Pointer and byte length of a TypedArray/Buffer argument; null for null/undefined.
uint8_t *Bytes(const Napi::Value &v, int32_t *len = nullptr) {
  if (len) *len = 0;
  if (!v.IsTypedArray()) return nullptr;
  Napi::TypedArray t = v.As<Napi::TypedArray>();
  if (len) *len = static_cast<int32_t>(t.ByteLength());
  return static_cast<uint8_t *>(t.ArrayBuffer().Data()) + t.ByteOffset();
}

int32_t I(const Napi::CallbackInfo &info, size_t i) { return info[i].As<Napi::Number>().Int32Value(); }
Napi::Value N(const Napi::CallbackInfo &info, int32_t v) { return Napi::Number::New(info.Env(), v); }

Napi::Value Supported(const Napi::CallbackInfo &info) { return N(info, sf_supported()); }
Napi::Value Socket(const Napi::CallbackInfo &info) { return N(info, sf_socket(I(info, 0), I(info, 1), I(info, 2))); }
Napi::Value Close(const Napi::CallbackInfo &info) { return N(info, sf_close(I(info, 0))); }
Napi::Value Bind(const Napi::CallbackInfo &info) {
  int32_t l; uint8_t *sa = Bytes(info[1], &l);
  return N(info, sf_bind(I(info, 0), sa, l));
}
Napi::Value Connect(const Napi::CallbackInfo &info) {
  int32_t l; uint8_t *sa = Bytes(info[1], &l);
  return N(info, sf_connect(I(info, 0), sa, l));
}
Napi::Value Listen(const Napi::CallbackInfo &info) { return N(info, sf_listen(I(info, 0), I(info, 1))); }
// accept(fd, sa, salen: Int32Array(1))
Napi::Value Accept(const Napi::CallbackInfo &info) {
  return N(info, sf_accept(I(info, 0), Bytes(info[1]), reinterpret_cast<int32_t *>(Bytes(info[2]))));
}
Napi::Value Shutdown(const Napi::CallbackInfo &info) { return N(info, sf_shutdown(I(info, 0), I(info, 1))); }
Napi::Value Dup2(const Napi::CallbackInfo &info) { return N(info, sf_dup2(I(info, 0), I(info, 1))); }
// sendto(fd, buf, flags, sa|null)
Napi::Value SendTo(const Napi::CallbackInfo &info) {
  int32_t l, sl; uint8_t *b = Bytes(info[1], &l); uint8_t *sa = Bytes(info[3], &sl);
  return N(info, sf_sendto(I(info, 0), b, l, I(info, 2), sa, sl));
}
// recvfrom(fd, buf, flags, sa|null, salen: Int32Array(1)|null)
Napi::Value RecvFrom(const Napi::CallbackInfo &info) {
  int32_t l; uint8_t *b = Bytes(info[1], &l);
  return N(info, sf_recvfrom(I(info, 0), b, l, I(info, 2), Bytes(info[3]), reinterpret_cast<int32_t *>(Bytes(info[4]))));
}
Napi::Value SetSockOpt(const Napi::CallbackInfo &info) {
  int32_t l; uint8_t *v = Bytes(info[3], &l);
  return N(info, sf_setsockopt(I(info, 0), I(info, 1), I(info, 2), v, l));
}
// getsockopt(fd, level, opt, val, len: Int32Array(1))
Napi::Value GetSockOpt(const Napi::CallbackInfo &info) {
  return N(info, sf_getsockopt(I(info, 0), I(info, 1), I(info, 2), Bytes(info[3]), reinterpret_cast<int32_t *>(Bytes(info[4]))));
}
Napi::Value GetSockName(const Napi::CallbackInfo &info) {
  return N(info, sf_getsockname(I(info, 0), Bytes(info[1]), reinterpret_cast<int32_t *>(Bytes(info[2]))));
}
Napi::Value GetPeerName(const Napi::CallbackInfo &info) {
  return N(info, sf_getpeername(I(info, 0), Bytes(info[1]), reinterpret_cast<int32_t *>(Bytes(info[2]))));
}
Napi::Value AttachFilter(const Napi::CallbackInfo &info) {
  int32_t l; uint8_t *p = Bytes(info[1], &l);
  return N(info, sf_attach_filter(I(info, 0), p, l / 8));
}
Napi::Value IfNameToIndex(const Napi::CallbackInfo &info) { return N(info, sf_if_nametoindex(Bytes(info[0]))); }
Napi::Value IfIndexToName(const Napi::CallbackInfo &info) { return N(info, sf_if_indextoname(I(info, 0), Bytes(info[1]))); }
// sendmmsg(fd, buf, lens: Uint32Array, count, sa|null)
Napi::Value SendMmsg(const Napi::CallbackInfo &info) {
  int32_t sl; uint8_t *sa = Bytes(info[4], &sl);
  return N(info, sf_sendmmsg(I(info, 0), Bytes(info[1]), reinterpret_cast<uint32_t *>(Bytes(info[2])), I(info, 3), sa, sl));
}
// recvmmsg(fd, buf, slot, count, meta: Uint32Array, addrs|null, addrslot, flags)
Napi::Value RecvMmsg(const Napi::CallbackInfo &info) {
  return N(info, sf_recvmmsg(I(info, 0), Bytes(info[1]), I(info, 2), I(info, 3), reinterpret_cast<uint32_t *>(Bytes(info[4])),
                             Bytes(info[5]), I(info, 6), I(info, 7)));
}
// recvmsg(fd, buf, flags, sa, salen: Int32Array(1), ts: Uint32Array(2))
Napi::Value RecvMsg(const Napi::CallbackInfo &info) {
  int32_t l; uint8_t *b = Bytes(info[1], &l);
  return N(info, sf_recvmsg(I(info, 0), b, l, I(info, 2), Bytes(info[3]), reinterpret_cast<int32_t *>(Bytes(info[4])),
                            reinterpret_cast<uint32_t *>(Bytes(info[5]))));
}
Napi::Value AbiVersion(const Napi::CallbackInfo &info) { return N(info, sf_abi_version()); }
Napi::Value RingOpen(const Napi::CallbackInfo &info) {
  return N(info, sf_ring_open(I(info, 0), I(info, 1), I(info, 2), I(info, 3), I(info, 4)));
}
// ringRead(ring, out, meta: Uint32Array)
Napi::Value RingRead(const Napi::CallbackInfo &info) {
  int32_t ol, ml; uint8_t *o = Bytes(info[1], &ol); uint8_t *m = Bytes(info[2], &ml);
  return N(info, sf_ring_read(I(info, 0), o, ol, reinterpret_cast<uint32_t *>(m), ml / (4 * SF_RING_META)));
}
Napi::Value RingClose(const Napi::CallbackInfo &info) { return N(info, sf_ring_close(I(info, 0))); }

// Poller(fd, callback(status, events)): start(events) / stop() / close().
class Poller : public Napi::ObjectWrap<Poller> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "Poller", {InstanceMethod("start", &Poller::Start), InstanceMethod("stop", &Poller::Stop),
                                       InstanceMethod("close", &Poller::Close)});
  }
  explicit Poller(const Napi::CallbackInfo &info) : Napi::ObjectWrap<Poller>(info) {
    fd_ = I(info, 0);
    callback_ = Napi::Persistent(info[1].As<Napi::Function>());
    handle_ = new uv_poll_t;
    handle_->data = this;
    uv_loop_t *loop = nullptr;
    napi_get_uv_event_loop(info.Env(), &loop);
    int r = uv_poll_init(loop, handle_, fd_);
    if (r != 0) {
      delete handle_;
      handle_ = nullptr;
      Napi::Error e = Napi::Error::New(info.Env(), "uv_poll_init failed");
      e.Set("errno", Napi::Number::New(info.Env(), -r));
      throw e;
    }
  }
  ~Poller() override { CloseHandle(); }

 private:
  static void OnEvent(uv_poll_t *h, int status, int events) {
    Poller *self = static_cast<Poller *>(h->data);
    if (!self) return;
    Napi::Env env = self->callback_.Env();
    Napi::HandleScope scope(env);
    self->callback_.Call({Napi::Number::New(env, status), Napi::Number::New(env, events)});
  }
  void CloseHandle() {
    if (!handle_) return;
    uv_poll_stop(handle_);
    handle_->data = nullptr;
    uv_close(reinterpret_cast<uv_handle_t *>(handle_), [](uv_handle_t *h) { delete reinterpret_cast<uv_poll_t *>(h); });
    handle_ = nullptr;
    if (active_) { active_ = false; Unref(); }
  }
  // start(events: UV_READABLE=1 | UV_WRITABLE=2); keeps the object alive while polling.
  Napi::Value Start(const Napi::CallbackInfo &info) {
    if (!handle_) return N(info, -9);
    int r = uv_poll_start(handle_, I(info, 0), OnEvent);
    if (r == 0 && !active_) { active_ = true; Ref(); }
    return N(info, r);
  }
  Napi::Value Stop(const Napi::CallbackInfo &info) {
    if (handle_) uv_poll_stop(handle_);
    if (active_) { active_ = false; Unref(); }
    return info.Env().Undefined();
  }
  Napi::Value Close(const Napi::CallbackInfo &info) {
    CloseHandle();
    return info.Env().Undefined();
  }
  int fd_ = -1;
  bool active_ = false;
  uv_poll_t *handle_ = nullptr;
  Napi::FunctionReference callback_;
};

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("supported", Napi::Function::New(env, Supported));
  exports.Set("abiVersion", Napi::Function::New(env, AbiVersion));
  exports.Set("socket", Napi::Function::New(env, Socket));
  exports.Set("close", Napi::Function::New(env, Close));
  exports.Set("bind", Napi::Function::New(env, Bind));
  exports.Set("connect", Napi::Function::New(env, Connect));
  exports.Set("listen", Napi::Function::New(env, Listen));
  exports.Set("accept", Napi::Function::New(env, Accept));
  exports.Set("shutdown", Napi::Function::New(env, Shutdown));
  exports.Set("dup2", Napi::Function::New(env, Dup2));
  exports.Set("sendto", Napi::Function::New(env, SendTo));
  exports.Set("recvfrom", Napi::Function::New(env, RecvFrom));
  exports.Set("setsockopt", Napi::Function::New(env, SetSockOpt));
  exports.Set("getsockopt", Napi::Function::New(env, GetSockOpt));
  exports.Set("getsockname", Napi::Function::New(env, GetSockName));
  exports.Set("getpeername", Napi::Function::New(env, GetPeerName));
  exports.Set("attachFilter", Napi::Function::New(env, AttachFilter));
  exports.Set("ifNameToIndex", Napi::Function::New(env, IfNameToIndex));
  exports.Set("ifIndexToName", Napi::Function::New(env, IfIndexToName));
  exports.Set("sendmmsg", Napi::Function::New(env, SendMmsg));
  exports.Set("recvmmsg", Napi::Function::New(env, RecvMmsg));
  exports.Set("recvmsg", Napi::Function::New(env, RecvMsg));
  exports.Set("ringOpen", Napi::Function::New(env, RingOpen));
  exports.Set("ringRead", Napi::Function::New(env, RingRead));
  exports.Set("ringClose", Napi::Function::New(env, RingClose));
  exports.Set("Poller", Poller::Init(env));
  return exports;
}

}  // namespace

NODE_API_MODULE(sockfam_native, Init)
