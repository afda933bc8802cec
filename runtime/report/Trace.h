//===- Trace.h - source-to-sink frames from DFSan origins -------*- C++ -*-===//
//
// DFSan records, for each store of a tainted value, the stack that stored it,
// chained back to the stack that created the label. This turns that chain
// into the frames a report shows: one user frame (outside system headers and
// the runtime) per step, oldest first.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_TRACE_H
#define CREDTAINT_RUNTIME_TRACE_H

#include <cstdint>
#include <string>
#include <vector>

namespace credtaint::rt {

struct Frame {
  std::string Step; // "source", "propagation" or "sink"
  std::string File, Function;
  unsigned Line = 0, Column = 0;
};

/// Whether a file is a system header (libstdc++'s templates, /usr/include):
/// no frame a reader wants to be sent to.
bool isSystemFile(const std::string &File);

/// Parses the text of dfsan_sprint_origin_id_trace into propagation frames,
/// oldest first; the creation block (the source hook) is left out.
std::vector<Frame> parseOriginTrace(const std::string &Text);

} // namespace credtaint::rt

#endif
