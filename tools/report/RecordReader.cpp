//===- RecordReader.cpp - finding records from JSONL logs and sidecars ----===//

#include "RecordReader.h"
#include "ObjectSidecar.h"

#include "credtaint/support/Sidecar.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace credtaint::report {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

bool startsWith(std::string_view S, std::string_view P) {
  return S.substr(0, P.size()) == P;
}
bool endsWith(std::string_view S, std::string_view X) {
  return S.size() >= X.size() && S.substr(S.size() - X.size()) == X;
}

/// 1-based line of byte offset Pos in Text.
size_t lineOf(std::string_view Text, size_t Pos) {
  Pos = std::min(Pos, Text.size());
  return size_t(std::count(Text.begin(), Text.begin() + Pos, '\n')) + 1;
}

/// Files under Dir whose names satisfy Want, sorted; unreadable parts of
/// the tree are passed over.
std::vector<std::string> findFiles(const std::string &Dir,
                                   bool (*Want)(std::string_view)) {
  std::vector<std::string> Out;
  std::error_code EC;
  fs::recursive_directory_iterator It(
      Dir, fs::directory_options::skip_permission_denied, EC),
      End;
  for (; !EC && It != End; It.increment(EC)) {
    std::error_code TypeEC;
    if (It->is_regular_file(TypeEC) &&
        Want(It->path().filename().string()))
      Out.push_back(It->path().string());
  }
  std::sort(Out.begin(), Out.end());
  return Out;
}

bool isLogName(std::string_view N) {
  return (startsWith(N, "credtaint.") || startsWith(N, "credtaint-seen.")) &&
         endsWith(N, ".jsonl");
}

std::string baseName(const std::string &Path) {
  size_t Slash = Path.find_last_of('/');
  return Slash == std::string::npos ? Path : Path.substr(Slash + 1);
}
bool isSidecarName(std::string_view N) {
  return endsWith(N, kSidecarSuffix) && N.size() > sizeof kSidecarSuffix - 1;
}
/// Objects (archives are not read: in a build tree their members are
/// copies of objects beside them, whose findings would count twice).
bool isObjectName(std::string_view N) {
  return (endsWith(N, ".o") && N.size() > 2) ||
         (endsWith(N, ".obj") && N.size() > 4);
}
bool isBuildOutputName(std::string_view N) {
  return isSidecarName(N) || isObjectName(N);
}

} // namespace

void RecordReader::keep(Record &&R) {
  ++Stats.Records;
  if (OnRecord)
    OnRecord(std::move(R));
  else
    Records.push_back(std::move(R));
}

void RecordReader::keepSeen(const SeenRecord &S) {
  ++Stats.SeenRecords;
  if (OnSeen)
    OnSeen(S);
}

void RecordReader::skip(const std::string &Where, const std::string &Why) {
  ++Stats.Skipped;
  if (++FileWarnings <= kWarningsPerFile)
    Warnings.push_back(Where + ": skipped: " + Why);
}

void RecordReader::finishFile(const std::string &Name) {
  if (FileWarnings > kWarningsPerFile)
    Warnings.push_back(Name + ": " +
                       std::to_string(FileWarnings - kWarningsPerFile) +
                       " more skipped lines not shown");
  FileWarnings = 0;
}

void RecordReader::readJsonl(const std::string &Name, std::string_view Text) {
  std::string Base = baseName(Name);
  Files.push_back({Base, Text.size()});
  if (startsWith(Base, "credtaint-seen."))
    ++Stats.SeenFiles;
  else
    ++Stats.LogFiles;
  size_t LineNo = 0;
  for (size_t Pos = 0; Pos < Text.size();) {
    size_t End = Text.find('\n', Pos);
    bool Terminated = End != std::string_view::npos;
    if (!Terminated)
      End = Text.size();
    std::string_view Line = Text.substr(Pos, End - Pos);
    Pos = End + 1;
    ++LineNo;
    if (!Line.empty() && Line.back() == '\r')
      Line.remove_suffix(1);
    if (Line.find_first_not_of(" \t") == std::string_view::npos)
      continue;
    std::string Where = Name + ":" + std::to_string(LineNo);
    if (Line.size() > kMaxLineBytes) {
      skip(Where, "line longer than " + std::to_string(kMaxLineBytes) +
                      " bytes");
      continue;
    }
    json J;
    try {
      J = json::parse(Line);
    } catch (const json::parse_error &E) {
      // E.what() quotes the input around the error: never shown.
      skip(Where, std::string(Terminated ? "not valid JSON"
                                         : "truncated record (no newline)") +
                      " at column " + std::to_string(E.byte));
      continue;
    } catch (const json::exception &) { // a number out of range
      skip(Where, "not valid JSON (a number out of range)");
      continue;
    }
    std::string Why;
    if (isSeenRecordJson(J)) {
      SeenRecord S;
      if (!seenRecordFromJson(J, S, Why))
        skip(Where, Why);
      else
        keepSeen(S);
      continue;
    }
    Record R;
    if (!recordFromJson(J, R, Why)) {
      skip(Where, Why);
      continue;
    }
    keep(std::move(R));
  }
  finishFile(Name);
}

void RecordReader::readSidecar(const std::string &Name,
                               std::string_view Text) {
  Files.push_back({baseName(Name), Text.size()});
  ++Stats.Sidecars;
  json J;
  try {
    J = json::parse(Text);
  } catch (const json::parse_error &E) {
    skip(Name + ":" + std::to_string(lineOf(Text, E.byte ? E.byte - 1 : 0)),
         "not valid JSON; the whole sidecar is ignored");
    finishFile(Name);
    return;
  } catch (const json::exception &) {
    skip(Name + ":1", "not valid JSON (a number out of range); the whole "
                      "sidecar is ignored");
    finishFile(Name);
    return;
  }
  const json *List = &J;
  if (J.is_object()) {
    auto It = J.find("findings");
    List = It == J.end() ? nullptr : &*It;
  }
  if (!List || !List->is_array()) {
    skip(Name + ":1", "expected an array of findings or an object with a "
                      "\"findings\" array");
    finishFile(Name);
    return;
  }
  size_t Index = 0;
  for (const json &Item : *List) {
    Record R;
    std::string Why;
    if (!recordFromJson(Item, R, Why)) {
      skip(Name + ": findings[" + std::to_string(Index) + "]", Why);
    } else {
      if (R.Detector == "flow" && !Item.contains("detector"))
        R.Detector = "static";
      keep(std::move(R));
    }
    ++Index;
  }
  finishFile(Name);
}

bool RecordReader::loadFile(const std::string &Path, std::string &Text) {
  std::ifstream In(Path, std::ios::binary);
  if (!In)
    return false;
  std::ostringstream SS;
  SS << In.rdbuf();
  Text = SS.str();
  return !In.bad();
}

void RecordReader::readLogDir(const std::string &Dir) {
  std::error_code EC;
  if (!fs::is_directory(Dir, EC)) {
    if (fs::exists(Dir, EC))
      Warnings.push_back(Dir + ": not a directory; no records read from it");
    else
      Notes.push_back("log directory " + Dir +
                      " does not exist: no test recorded a finding there");
    return;
  }
  for (const std::string &F : findFiles(Dir, isLogName)) {
    std::string Text;
    if (!loadFile(F, Text)) {
      Warnings.push_back(F + ": cannot be read; skipped");
      continue;
    }
    readJsonl(F, Text);
  }
}

bool RecordReader::readObject(const std::string &Path) {
  SectionLookup S = findElfSectionInFile(Path, kSidecarSection);
  switch (S.Result) {
  case SectionLookup::Status::Found:
    break;
  case SectionLookup::Status::Malformed:
    Warnings.push_back(Path + ": damaged object: " + S.Problem +
                       "; no embedded findings read from it");
    return true;
  case SectionLookup::Status::Unreadable:
    return false;
  default: // no section, or a format the plugin embeds nothing in
    return true;
  }
  size_t N = 0;
  for (std::string_view Doc : sidecarDocuments(S.Contents)) {
    std::string Name = Path + "[" + kSidecarSection +
                       (N ? "#" + std::to_string(N + 1) : "") + "]";
    ++N;
    ++Stats.ObjectSidecars;
    readSidecar(Name, Doc);
  }
  return true;
}

void RecordReader::readBuildDir(const std::string &Dir) {
  std::error_code EC;
  if (!fs::is_directory(Dir, EC)) {
    Warnings.push_back(Dir + ": not a directory; no sidecars read from it");
    return;
  }
  for (const std::string &F : findFiles(Dir, isBuildOutputName)) {
    if (isObjectName(fs::path(F).filename().string())) {
      // An object whose sidecar file is missing was restored by a compiler
      // cache (or the file was removed): its own copy of the findings
      // counts. When both exist they hold the same findings; the file wins.
      std::error_code StatEC;
      if (!fs::exists(F + kSidecarSuffix, StatEC) && !readObject(F))
        Warnings.push_back(F + ": cannot be read; skipped");
      continue;
    }
    std::string Text;
    if (!loadFile(F, Text)) {
      Warnings.push_back(F + ": cannot be read; skipped");
      continue;
    }
    readSidecar(F, Text);
  }
}

bool RecordReader::readFile(const std::string &Path, std::string &Error) {
  std::string Text;
  std::error_code EC;
  if (fs::is_directory(Path, EC) ||
      !(isObjectName(Path) ? readObject(Path) : loadFile(Path, Text))) {
    Error = "cannot read '" + Path + "'";
    return false;
  }
  if (isObjectName(Path))
    return true;
  if (endsWith(Path, ".json"))
    readSidecar(Path, Text);
  else
    readJsonl(Path, Text);
  return true;
}

} // namespace credtaint::report
