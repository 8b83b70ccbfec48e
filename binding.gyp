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
      # Hidden visibility: calls between the addon's own functions are direct, not through the PLT (the Atari bus
      # calls its chips' registers on every emulated access); only the module's init is exported.
      "cflags_cc": ["-O3", "-std=c++17", "-fno-math-errno", "-fno-trapping-math", "-fvisibility=hidden"],
      "ldflags": ["-pthread"],
      "conditions": [
        ["target_arch == 'x64'", {
          "dependencies": ["hrl_avx2", "hrl_avx512"]
        }],
        # AArch64: the NEON GEMM kernel. ASIMD is baseline there, so it needs no flags (and gets no x86 ones).
        ["target_arch == 'arm64'", {
          "sources": ["native/src/gemm_neon.cc"]
        }],
        # macOS (Xcode's Clang): gyp ignores cflags_cc there; the same flags as xcode_settings. Exceptions stay on as
        # on Linux (cflags_cc! above), visibility hidden by GCC_SYMBOLS_PRIVATE_EXTERN.
        ["OS == 'mac'", {
          "xcode_settings": {
            "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
            "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
            "GCC_SYMBOLS_PRIVATE_EXTERN": "YES",
            "MACOSX_DEPLOYMENT_TARGET": "11.0",
            "OTHER_CPLUSPLUSFLAGS": ["-fno-math-errno", "-fno-trapping-math"]
          }
        }],
        # The Atari 2600 emulator (portable C++17); HRL_NO_ATARI=1 at install time leaves it out.
        ["hrl_atari == 1", {
          "dependencies": ["hrl_atari_vector"],
          "sources": [
            "native/atari/machine.cc", "native/atari/cpu.cc", "native/atari/tia.cc", "native/atari/riot.cc",
            "native/atari/cart.cc", "native/atari/palette.cc", "native/atari/binding.cc",
            "native/atari/cpu_test_binding.cc",
            "native/atari/ale.cc", "native/atari/ale_binding.cc",
            # One file per game (native/atari/games/registry.cc lists them).
            "native/atari/games/registry.cc", "native/atari/games/games_test_binding.cc",
            "native/atari/games/alien.cc", "native/atari/games/amidar.cc", "native/atari/games/assault.cc",
            "native/atari/games/asterix.cc", "native/atari/games/asteroids.cc", "native/atari/games/atlantis.cc",
            "native/atari/games/bank_heist.cc", "native/atari/games/battle_zone.cc",
            "native/atari/games/beam_rider.cc", "native/atari/games/berzerk.cc", "native/atari/games/bowling.cc",
            "native/atari/games/boxing.cc", "native/atari/games/breakout.cc", "native/atari/games/centipede.cc",
            "native/atari/games/chopper_command.cc", "native/atari/games/crazy_climber.cc",
            "native/atari/games/defender.cc", "native/atari/games/demon_attack.cc",
            "native/atari/games/double_dunk.cc", "native/atari/games/enduro.cc",
            "native/atari/games/fishing_derby.cc", "native/atari/games/freeway.cc",
            "native/atari/games/frostbite.cc", "native/atari/games/gopher.cc", "native/atari/games/gravitar.cc",
            "native/atari/games/hero.cc", "native/atari/games/ice_hockey.cc", "native/atari/games/jamesbond.cc",
            "native/atari/games/kangaroo.cc", "native/atari/games/krull.cc", "native/atari/games/kung_fu_master.cc",
            "native/atari/games/montezuma_revenge.cc", "native/atari/games/ms_pacman.cc",
            "native/atari/games/name_this_game.cc", "native/atari/games/phoenix.cc", "native/atari/games/pitfall.cc",
            "native/atari/games/pong.cc", "native/atari/games/private_eye.cc", "native/atari/games/qbert.cc",
            "native/atari/games/riverraid.cc", "native/atari/games/road_runner.cc", "native/atari/games/robotank.cc",
            "native/atari/games/seaquest.cc", "native/atari/games/skiing.cc", "native/atari/games/solaris.cc",
            "native/atari/games/space_invaders.cc", "native/atari/games/star_gunner.cc",
            "native/atari/games/surround.cc", "native/atari/games/tennis.cc", "native/atari/games/tetris.cc",
            "native/atari/games/time_pilot.cc", "native/atari/games/tutankham.cc", "native/atari/games/up_n_down.cc",
            "native/atari/games/venture.cc", "native/atari/games/video_pinball.cc",
            "native/atari/games/wizard_of_wor.cc", "native/atari/games/yars_revenge.cc",
            "native/atari/games/zaxxon.cc"
          ]
        }, {
          "sources": ["native/atari/disabled.cc"]
        }]
      ]
    },
    {
      # The Atari vector env's pre-processing (native/atari/vector_env.cc) must round as V8 does, bit for bit: no fused
      # multiply-adds (GCC contracts a*b+c by default wherever the ISA has FMA, e.g. arm64).
      "target_name": "hrl_atari_vector",
      "type": "static_library",
      "conditions": [["hrl_atari != 1", {"type": "none"}]],
      "sources": ["native/atari/vector_env.cc"],
      "cflags_cc!": ["-std=gnu++17", "-std=gnu++20", "-O2"],
      "cflags_cc": ["-O3", "-std=c++17", "-fPIC", "-fvisibility=hidden", "-fno-math-errno", "-fno-trapping-math",
                    "-ffp-contract=off"],
      "xcode_settings": {
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "GCC_SYMBOLS_PRIVATE_EXTERN": "YES",
        "MACOSX_DEPLOYMENT_TARGET": "11.0",
        "OTHER_CPLUSPLUSFLAGS": ["-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off"]
      }
    },
    {
      "target_name": "hrl_avx2",
      "type": "static_library",
      "conditions": [["target_arch != 'x64'", {"type": "none"}]],
      "sources": ["native/src/gemm_avx2.cc"],
      "cflags_cc!": ["-std=gnu++17", "-std=gnu++20", "-O2"],
      "cflags_cc": ["-O3", "-std=c++17", "-fPIC", "-mavx2", "-mfma"],
      "xcode_settings": {
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "MACOSX_DEPLOYMENT_TARGET": "11.0",
        "OTHER_CPLUSPLUSFLAGS": ["-mavx2", "-mfma"]
      }
    },
    {
      "target_name": "hrl_avx512",
      "type": "static_library",
      "conditions": [["target_arch != 'x64'", {"type": "none"}]],
      "sources": ["native/src/gemm_avx512.cc"],
      "cflags_cc!": ["-std=gnu++17", "-std=gnu++20", "-O2"],
      "cflags_cc": ["-O3", "-std=c++17", "-fPIC", "-mavx512f", "-mavx512bw", "-mavx512vl", "-mfma"],
      "xcode_settings": {
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "MACOSX_DEPLOYMENT_TARGET": "11.0",
        "OTHER_CPLUSPLUSFLAGS": ["-mavx512f", "-mavx512bw", "-mavx512vl", "-mfma"]
      }
    }
  ]
}
