{
  "targets": [
    {
      "target_name": "sockfam_native",
      "sources": ["native/sockfam.c", "native/ring.c", "native/reactor.c", "native/addon.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags": ["-O2", "-Wall", "-Wextra"],
      "cflags_c": ["-std=c11"],
      "cflags_cc": ["-std=c++17"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"]
    }
  ]
}
