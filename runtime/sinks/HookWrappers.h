//===- HookWrappers.h - one definition per sink hook, three symbols -*- C++ -*-===//
//
// The sink hooks are `custom` in the ABI list: DFSan calls __dfsw_HOOK
// (labels) or __dfso_HOOK (labels and origins) with the labels of the hook's
// arguments, which is how a character passed by value (putc, %c) keeps its
// taint. CREDTAINT_SINK_WRAPPERS defines the plain hook and both wrappers
// from the hook's one body.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_HOOKWRAPPERS_H
#define CREDTAINT_RUNTIME_HOOKWRAPPERS_H

#include "credtaint/runtime_abi.h"

#include <sanitizer/dfsan_interface.h>

#define CREDTAINT_INTERFACE __attribute__((visibility("default"), used))

// Labels and origins of the hooks' arguments, as DFSan appends them.
#define CT_L(N) CT_L##N
#define CT_L4 dfsan_label, dfsan_label, dfsan_label, dfsan_label l3
#define CT_L5 CT_L4, dfsan_label
#define CT_L6 CT_L5, dfsan_label
#define CT_O(N) CT_O##N
#define CT_O4 dfsan_origin, dfsan_origin, dfsan_origin, dfsan_origin o3
#define CT_O5 CT_O4, dfsan_origin
#define CT_O6 CT_O5, dfsan_origin

/// Defines HOOK (called when DFSan is not in play) and its __dfsw_/__dfso_
/// wrappers from one body. In the body, VALUE_LABEL and VALUE_ORIGIN are the
/// label and origin of the fourth argument (the value of a Char sink).
#define CREDTAINT_SINK_WRAPPERS(Hook, NArgs, Params, ...)                      \
  extern "C" void __credtaint_sink_##Hook Params {                             \
    const dfsan_label VALUE_LABEL = 0;                                         \
    const dfsan_origin VALUE_ORIGIN = 0;                                       \
    (void)VALUE_LABEL, (void)VALUE_ORIGIN;                                     \
    __VA_ARGS__;                                                               \
  }                                                                            \
  extern "C" CREDTAINT_INTERFACE void __dfsw___credtaint_sink_##Hook(          \
      CREDTAINT_UNPAREN Params, CT_L(NArgs)) {                                 \
    const dfsan_label VALUE_LABEL = l3;                                        \
    const dfsan_origin VALUE_ORIGIN = 0;                                       \
    (void)VALUE_LABEL, (void)VALUE_ORIGIN;                                     \
    __VA_ARGS__;                                                               \
  }                                                                            \
  extern "C" CREDTAINT_INTERFACE void __dfso___credtaint_sink_##Hook(          \
      CREDTAINT_UNPAREN Params, CT_L(NArgs), CT_O(NArgs)) {                    \
    const dfsan_label VALUE_LABEL = l3;                                        \
    const dfsan_origin VALUE_ORIGIN = o3;                                      \
    (void)VALUE_LABEL, (void)VALUE_ORIGIN;                                     \
    __VA_ARGS__;                                                               \
  }
#define CREDTAINT_UNPAREN(...) __VA_ARGS__

#endif
