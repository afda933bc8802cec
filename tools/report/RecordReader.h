//===- RecordReader.h - finding records from JSONL logs and sidecars -*- C++ -*-===//
//
// Reads what a test run leaves behind: the runtime's
// <log_dir>/credtaint.<pid>.jsonl files (one finding a line), its
// credtaint-seen.<pid>.jsonl files (credential-seen and credential-used
// records, SeenRecord.h; a line says by its "type" which it is, whatever
// the file's name) and the plugin's static <object>.credtaint.json sidecars
// (a JSON array of records, or an object with a "findings" array), and the
// same documents embedded in objects whose sidecar file a compiler cache
// did not restore (ObjectSidecar.h). Inputs are untrusted: a process killed
// mid-write leaves a truncated last line, disks fill up, files get edited.
// A line or element that is not a record is skipped with one warning naming
// file and line; everything else is kept. Warnings never quote input bytes.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_REPORT_RECORDREADER_H
#define CREDTAINT_REPORT_RECORDREADER_H

#include "Record.h"
#include "SeenRecord.h"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace credtaint::report {

struct ReadStats {
  size_t LogFiles = 0, Sidecars = 0, Records = 0, Skipped = 0;
  /// Of Sidecars, those read from an object file's section.
  size_t ObjectSidecars = 0;
  size_t SeenFiles = 0, SeenRecords = 0; // credtaint-seen.*.jsonl
};

/// A file a run left, as the run id (RunInfo.h) counts it.
struct FileRead {
  std::string Name; // base name
  size_t Size = 0;
};

class RecordReader {
public:
  /// Records are kept in records() unless OnRecord is given; then each is
  /// handed over as it is read, so merging a large run holds only the
  /// distinct findings in memory.
  explicit RecordReader(std::function<void(Record &&)> OnRecord = nullptr)
      : OnRecord(std::move(OnRecord)) {}

  /// Seen and used records go to OnSeen; without it they are read (and
  /// their damaged lines warned about) and dropped.
  void onSeen(std::function<void(const SeenRecord &)> F) { OnSeen = std::move(F); }

  /// At most this many warnings are kept per file; the rest are counted in
  /// one closing warning.
  static constexpr size_t kWarningsPerFile = 20;
  /// Longer lines are skipped unparsed (records are a few KiB).
  static constexpr size_t kMaxLineBytes = 4u << 20;

  /// Parses JSONL text read from Name (used in warnings).
  void readJsonl(const std::string &Name, std::string_view Text);
  /// Parses a sidecar's text read from Name.
  void readSidecar(const std::string &Name, std::string_view Text);

  /// Every credtaint.*.jsonl and credtaint-seen.*.jsonl under Dir
  /// (recursively), in path order. A missing directory is not an error (no
  /// test reported anything); it is noted in Notes.
  void readLogDir(const std::string &Dir);
  /// The sidecar documents embedded in the object file at Path. An object
  /// of another format, or without the section, gives nothing; a damaged
  /// one gives one warning naming it and what is wrong. False (and no
  /// warning) when the file cannot be read.
  bool readObject(const std::string &Path);
  /// Every *.credtaint.json under Dir (recursively), and the embedded
  /// sidecar of every object (*.o, *.obj) that has no such file beside it,
  /// in path order.
  void readBuildDir(const std::string &Dir);
  /// One file named on the command line: a sidecar when it ends in .json,
  /// an object's embedded sidecars when it ends in .o or .obj, else JSONL.
  /// False (with Error) when it cannot be read.
  bool readFile(const std::string &Path, std::string &Error);

  std::vector<Record> &records() { return Records; }
  const std::vector<std::string> &warnings() const { return Warnings; }
  const std::vector<std::string> &notes() const { return Notes; }
  const ReadStats &stats() const { return Stats; }
  /// Every file read, in reading order.
  const std::vector<FileRead> &filesRead() const { return Files; }

private:
  void keep(Record &&R);
  void keepSeen(const SeenRecord &S);
  void skip(const std::string &Where, const std::string &Why);
  void finishFile(const std::string &Name);
  bool loadFile(const std::string &Path, std::string &Text);

  std::function<void(Record &&)> OnRecord;
  std::function<void(const SeenRecord &)> OnSeen;
  std::vector<Record> Records;
  std::vector<FileRead> Files;
  std::vector<std::string> Warnings, Notes;
  ReadStats Stats;
  size_t FileWarnings = 0;
};

} // namespace credtaint::report

#endif
