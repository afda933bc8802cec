//===- Attribution.h - whose credential bytes reach a sink ------*- C++ -*-===//
//
// Every sink, whatever its rules, starts the same way: read the DFSan labels
// of the bytes it receives and map each tainted run to the credential it
// came from (through the root origin, else the latest credential with that
// label). The judges (Sinks.cpp, Network.cpp, Curl.cpp, Exec.cpp) differ only
// in what they conclude from it.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_ATTRIBUTION_H
#define CREDTAINT_RUNTIME_ATTRIBUTION_H

#include "sinks/Format.h"
#include "Trace.h"

#include "credtaint/runtime_abi.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace credtaint::rt {

struct Credential;
struct SourceLocation;

struct Reached {
  size_t Bytes = 0;
  uint32_t Origin = 0; // origin of the first tainted byte, for the trace
};
using Attribution = std::map<const Credential *, Reached>;

/// Which credentials the tainted bytes of Spans belong to, and how many
/// bytes of each.
Attribution attribute(SpanRange Spans);

/// Whether any byte of Spans carries a credential label (cheap pre-check).
bool anyCredentialBytes(SpanRange Spans);

/// True when the spans carry so few credential bytes that no registered
/// credential of their kinds can fail the partial-leak rule: the common
/// masked-preview log line, decided without resolving any origin.
bool onlyMaskedPreviews(SpanRange Spans);

/// A sink receiving at most partial_leak_bytes and at most a quarter of the
/// credential got a masked preview ("****abcd"), which is common practice.
bool isMaskedPreview(const Credential &C, const Reached &R);

/// Text with every run of credential bytes replaced by that credential's
/// redacted preview, and every registered credential value that lost its
/// labels (raw or percent-encoded) too: safe to write into a report.
std::string redactedText(const char *P, size_t N);

/// The report frame of a hook's call site.
Frame siteFrame(const credtaint_site *S, const char *Step);

/// A credential's source: the hook's call site, and How it came from there
/// ("used as passwd of mysql_real_connect").
SourceLocation siteSource(const credtaint_site *S, std::string How);

} // namespace credtaint::rt

#endif
