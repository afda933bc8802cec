//===- Incoming.h - credentials in the bytes a program reads ----*- C++ -*-===//
//
// The read-family functions (read, pread, recv, fread, fgets, getline, ...:
// ReadInterpose.cpp) hand the bytes they read here. What is a credential in
// them is found by the document scanner (Documents.h): in a credential file
// (match/CredentialFiles.h) in that file's layout, elsewhere the fields of
// any document (a JSON config, a dotenv file, an HTTP request on a socket).
// Each value found is registered by value for matching and its bytes in the
// caller's buffer get the label of its kind, never the whole buffer; the
// credential is named "file:<base name>:<key>" ("stdin:<key>",
// "socket:<key>", "pipe:<key>" for what is not a file) and its source is the
// line that read it.
//
// A regular file is scanned whole, once (up to 8 MiB, by pread, leaving the
// program's offset alone), and each read labels the part of a value it
// returns, found by the file offset it read at: so a PEM key read line by
// line with fgets, or a JSON config read in 4 KiB chunks, is still one
// credential. What is not a regular file is scanned chunk by chunk.
//
// The DFSan runtime's own wrappers of read, pread and fgets clear the labels
// of what they read after the call returns; for calls from instrumented code
// the pass therefore calls __credtaint_source_read after them, which labels
// that buffer again from what this call found (relabelLastRead).
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_SOURCES_INCOMING_H
#define CREDTAINT_RUNTIME_SOURCES_INCOMING_H

#include <cstddef>
#include <cstdint>
#include <cstdio>

namespace credtaint::rt {

/// N bytes at Buf were read by Function from descriptor Fd, starting at
/// file offset Offset (-1: found, only when needed, from the position of
/// Stream when given, else of Fd, minus N).
void bytesRead(const char *Function, int Fd, int64_t Offset, char *Buf,
               size_t N, FILE *Stream = nullptr);

/// Len bytes of the file open as Fd were mapped at Addr from file offset
/// Offset (mmap's result and arguments; ignored unless Fd is a regular
/// file and the mapping succeeded).
void bytesMapped(const void *Addr, uint64_t Len, int64_t Fd, int64_t Offset);

/// The descriptor Fd was closed or now stands for another file.
void forgetReadSource(int Fd);

/// Labels Buf again as the last bytesRead on this thread did, if that call
/// read into Buf (after a DFSan wrapper cleared the labels).
void relabelLastRead(const void *Buf);

/// Whether reads are scanned at all (the document_sources option).
bool readScanningActive();

} // namespace credtaint::rt

#endif
