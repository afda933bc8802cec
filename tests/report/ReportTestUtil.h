//===- ReportTestUtil.h - fixtures for the report tool's tests --*- C++ -*-===//
#ifndef CREDTAINT_REPORT_TESTS_UTIL_H
#define CREDTAINT_REPORT_TESTS_UTIL_H

#include "FindingSet.h"
#include "RecordReader.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace credtaint::report::test {

/// tests/report/inputs: records written by the runtime (e2e lit tests, with
/// the lit tests' fixed fingerprint key).
inline std::string inputPath(const std::string &Name) {
  return std::string(CREDTAINT_REPORT_INPUTS) + "/" + Name;
}

inline std::string readFile(const std::string &Path) {
  std::ifstream In(Path, std::ios::binary);
  if (!In)
    throw std::runtime_error("cannot read " + Path);
  return std::string(std::istreambuf_iterator<char>(In), {});
}

inline std::string input(const std::string &Name) {
  return readFile(inputPath(Name));
}

/// All golden records, one JSONL text.
inline std::string goldenJsonl() {
  return input("getenv-printf.jsonl") + input("crypto-ciphers.jsonl") +
         input("weak-random.jsonl");
}

/// A fresh directory in the build tree, removed afterwards.
class ScratchDir {
public:
  ScratchDir() {
    std::string Tmpl = std::string(CREDTAINT_REPORT_SCRATCH) + "/scratch-XXXXXX";
    std::filesystem::create_directories(CREDTAINT_REPORT_SCRATCH);
    if (!mkdtemp(Tmpl.data()))
      throw std::runtime_error("mkdtemp failed");
    Path = Tmpl;
  }
  ~ScratchDir() {
    std::error_code EC;
    std::filesystem::remove_all(Path, EC);
  }
  ScratchDir(const ScratchDir &) = delete;
  ScratchDir &operator=(const ScratchDir &) = delete;

  std::string write(const std::string &Name, const std::string &Text) const {
    std::filesystem::path P = std::filesystem::path(Path) / Name;
    std::filesystem::create_directories(P.parent_path());
    std::ofstream(P, std::ios::binary) << Text;
    return P.string();
  }
  const std::string &path() const { return Path; }

private:
  std::string Path;
};

/// The golden records merged into a FindingSet.
inline FindingSet goldenSet() {
  RecordReader R;
  R.readJsonl("golden.jsonl", goldenJsonl());
  FindingSet S;
  S.addAll(R.records());
  return S;
}

} // namespace credtaint::report::test

#endif
