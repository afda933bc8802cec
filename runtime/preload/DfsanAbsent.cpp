//===- DfsanAbsent.cpp - the DFSan interface in a process without DFSan ---===//
//
// libcredtaint_preload.so is the runtime built for programs that were not
// rebuilt: there is no shadow memory, so no byte carries a label and there
// are no origins. The runtime's flow code asks DFSan through these entry
// points; here they answer exactly that, and only value matching finds
// anything. Hidden, so that a DFSan program run under credtaint-run keeps
// its own.
//
//===----------------------------------------------------------------------===//

#include "core/DfsanEntryPoints.h"

#include <sanitizer/dfsan_interface.h>

#include <cstddef>

#define CT_ABSENT extern "C" __attribute__((visibility("hidden")))

CT_ABSENT dfsan_label dfsan_read_label(const void *, size_t) { return 0; }
CT_ABSENT dfsan_label dfsan_get_label(long) { return 0; }
CT_ABSENT int dfsan_get_track_origins(void) { return 0; }
CT_ABSENT dfsan_origin dfsan_get_origin(long) { return 0; }
CT_ABSENT dfsan_origin dfsan_get_init_origin(const void *) { return 0; }
CT_ABSENT dfsan_origin dfsan_read_origin_of_first_taint(const void *, size_t) {
  return 0;
}
CT_ABSENT void dfsan_set_label(dfsan_label, void *, size_t) {}
CT_ABSENT void dfsan_add_label(dfsan_label, void *, size_t) {}
CT_ABSENT void __dfsan_set_label(dfsan_label, dfsan_origin, void *, size_t) {}
CT_ABSENT size_t dfsan_sprint_origin_id_trace(dfsan_origin, char *Out,
                                              size_t Size) {
  if (Out && Size)
    Out[0] = '\0';
  return 0;
}
CT_ABSENT size_t dfsan_sprint_stack_trace(char *Out, size_t Size) {
  if (Out && Size)
    Out[0] = '\0';
  return 0;
}
CT_ABSENT void dfsan_mem_shadow_transfer(void *, const void *, size_t) {}
CT_ABSENT void dfsan_mem_origin_transfer(const void *, const void *, size_t) {}
