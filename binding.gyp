{
  # Never -march=native: the ISA-specific GEMM files get their own flags and are chosen at run time from cpuid.
  "variables": {
    "hrl_atari%": "<!(node -p \"process.env.HRL_NO_ATARI === '1' ? 0 : 1\")"
  },
  "targets": [
    {
      "target_name": "hrl_native",
      "sources": [
        "native/src/addon.cc", "native/src/cpu.cc", "native/src/threadpool.cc", "native/src/gemm.cc",
        "native/src/gemm_scalar.cc", "native/src/elementwise.cc", "native/src/conv.cc", "native/src/conv_winograd.cc", "native/src/conv_winograd3.cc", "native/src/nn.cc",
        "native/src/optim.cc", "native/src/linear_act.cc", "native/src/fastmath.cc",
        "native/src/gemv.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_DISABLE_CPP_EXCEPTIONS", "NAPI_VERSION=8"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++20", "-O2"],
      "cflags": ["-O3"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-math-errno", "-fno-trapping-math"],
      "ldflags": ["-pthread"],
      "conditions": [
        ["target_arch == 'x64'", {
          "dependencies": ["hrl_avx2", "hrl_avx512"]
        }],
        # The Atari 2600 emulator (portable C++17); HRL_NO_ATARI=1 at install time leaves it out.
        ["hrl_atari == 1", {
          "sources": [
            "native/atari/machine.cc", "native/atari/cpu.cc", "native/atari/tia.cc", "native/atari/riot.cc",
            "native/atari/cart.cc", "native/atari/palette.cc", "native/atari/binding.cc",
            "native/atari/cpu_test_binding.cc"
          ]
        }, {
          "sources": ["native/atari/disabled.cc"]
        }]
      ]
    },
    {
      "target_name": "hrl_avx2",
      "type": "static_library",
      "conditions": [["target_arch != 'x64'", {"type": "none"}]],
      "sources": ["native/src/gemm_avx2.cc"],
      "cflags_cc!": ["-std=gnu++17", "-std=gnu++20", "-O2"],
      "cflags_cc": ["-O3", "-std=c++17", "-fPIC", "-mavx2", "-mfma"]
    },
    {
      "target_name": "hrl_avx512",
      "type": "static_library",
      "conditions": [["target_arch != 'x64'", {"type": "none"}]],
      "sources": ["native/src/gemm_avx512.cc"],
      "cflags_cc!": ["-std=gnu++17", "-std=gnu++20", "-O2"],
      "cflags_cc": ["-O3", "-std=c++17", "-fPIC", "-mavx512f", "-mavx512bw", "-mavx512vl", "-mfma"]
    }
  ]
}
