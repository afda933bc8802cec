//===- Curl.h - libcurl requests, judged when they are made -----*- C++ -*-===//
//
// curl_easy_setopt is a sink row whose value is variadic; the pass passes it
// as an integer. What each option of catalog/curl_options.def carries is
// remembered per handle: the URL (its scheme, host and port, and a redacted
// copy), and the credentials in headers, user:password, bearer tokens and
// bodies. curl_easy_perform (and curl_multi_add_handle) then judges all of
// them against the URL the handle has at that moment, whatever order the
// options were set in. Strings libcurl copies are read at setopt; lists and
// bodies libcurl only points to are read when the request is made.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_CURL_H
#define CREDTAINT_RUNTIME_CURL_H

#include <cstdint>

namespace credtaint::rt {

/// The handle was cleaned up or reset: forget its options.
void forgetCurlHandle(uint64_t Handle);
/// curl_easy_duphandle: To has From's options.
void copyCurlHandle(uint64_t From, uint64_t To);

/// libcurl copies strings out of sight of DFSan: give the copies the labels
/// (and origins) of the originals. List is curl_slist_append's result,
/// whose last node copies String; Escaped is curl_easy_escape's result for
/// the Len bytes (strlen when 0) at String.
void labelCurlListCopy(uint64_t List, uint64_t String);
void labelCurlEscaped(uint64_t Escaped, uint64_t String, uint64_t Len);

} // namespace credtaint::rt

#endif
