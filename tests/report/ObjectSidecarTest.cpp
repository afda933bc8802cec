//===- ObjectSidecarTest.cpp - findings embedded in objects ---------------===//
//
// The objects are real: tests/report/objects/*.s assembled by the test
// build. Damaged copies are made here: every truncation, each header field
// that leads somewhere set out of range, and a few thousand random byte
// flips. None may crash or read past the end; each gives one line that says
// what is wrong.
//
//===----------------------------------------------------------------------===//

#include "ObjectSidecar.h"
#include "RecordReader.h"
#include "ReportTestUtil.h"

#include "credtaint/support/Sidecar.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <random>

namespace credtaint::report {
namespace {

using ::testing::HasSubstr;
using Status = SectionLookup::Status;

std::string objectPath(const std::string &Name) {
  return std::string(CREDTAINT_REPORT_OBJECTS) + "/" + Name;
}
std::string object(const std::string &Name) {
  return test::readFile(objectPath(Name));
}

uint64_t get(const std::string &B, size_t At, unsigned Bytes) {
  uint64_t V = 0;
  for (unsigned I = Bytes; I-- > 0;)
    V = V << 8 | static_cast<unsigned char>(B.at(At + I));
  return V;
}
void put(std::string &B, size_t At, unsigned Bytes, uint64_t V) {
  for (unsigned I = 0; I < Bytes; ++I, V >>= 8)
    B.at(At + I) = char(V & 0xff);
}

/// Where things are in a well-formed object (the test's own reading of the
/// layout, so damaged copies can be made field by field).
struct Layout {
  uint64_t TableOff = 0, Count = 0, NamesIndex = 0, Sidecar = 0;
  size_t header(uint64_t Index) const { return size_t(TableOff + Index * 64); }
};

Layout layoutOf(const std::string &B) {
  Layout L;
  L.TableOff = get(B, 0x28, 8);
  L.Count = get(B, 0x3c, 2);
  L.NamesIndex = get(B, 0x3e, 2);
  uint64_t NamesOff = get(B, L.header(L.NamesIndex) + 24, 8);
  for (uint64_t I = 1; I < L.Count; ++I)
    if (B.c_str() + NamesOff + get(B, L.header(I), 4) ==
        std::string_view(kSidecarSection))
      L.Sidecar = I;
  return L;
}

SectionLookup lookup(const std::string &B) {
  return findElfSection(B, kSidecarSection);
}

/// A damaged object: Malformed, with a one-line problem saying Expected.
void expectMalformed(const std::string &B, const std::string &Expected) {
  SectionLookup L = lookup(B);
  EXPECT_EQ(L.Result, Status::Malformed) << Expected;
  EXPECT_THAT(L.Problem, HasSubstr(Expected));
  EXPECT_EQ(L.Problem.find('\n'), std::string::npos);
  EXPECT_TRUE(L.Contents.empty());
}

TEST(ObjectSidecarTest, RealObjectCarriesItsFindings) {
  SectionLookup L =
      findElfSectionInFile(objectPath("with-sidecar.o"), kSidecarSection);
  ASSERT_EQ(L.Result, Status::Found) << L.Problem;
  std::vector<std::string_view> Docs = sidecarDocuments(L.Contents);
  ASSERT_EQ(Docs.size(), 1u);
  nlohmann::json J = nlohmann::json::parse(Docs[0]);
  EXPECT_EQ(J["findings"][0]["rule"], "hardcoded-credential");
  EXPECT_EQ(J["findings"][0]["credential"]["preview"], "AKIA****\u2026");
  // The same from memory.
  EXPECT_EQ(lookup(object("with-sidecar.o")).Contents, L.Contents);
}

TEST(ObjectSidecarTest, ObjectWithoutTheSectionHasNone) {
  SectionLookup L =
      findElfSectionInFile(objectPath("without-sidecar.o"), kSidecarSection);
  EXPECT_EQ(L.Result, Status::Absent) << L.Problem;
  EXPECT_TRUE(L.Contents.empty());
  EXPECT_TRUE(L.Problem.empty());
}

TEST(ObjectSidecarTest, OtherFormatsAreNotObjects) {
  for (std::string B : {std::string(), std::string("\x7f" "EL"),
                        std::string("BC\xc0\xde\x35\x14\x00\x00", 8),
                        std::string("!<arch>\n"), std::string("[{\"rule\":1}]\n")})
    EXPECT_EQ(lookup(B).Result, Status::NotElf) << B.size();
  std::string B = object("with-sidecar.o");
  B[4] = 1; // ELFCLASS32
  EXPECT_EQ(lookup(B).Result, Status::Unsupported);
  EXPECT_EQ(lookup(B).Problem, "32-bit ELF");
  B[4] = 2;
  B[5] = 2; // ELFDATA2MSB
  EXPECT_EQ(lookup(B).Result, Status::Unsupported);
  EXPECT_EQ(lookup(B).Problem, "big-endian ELF");
}

TEST(ObjectSidecarTest, MissingFileIsUnreadable) {
  SectionLookup L =
      findElfSectionInFile(objectPath("no-such.o"), kSidecarSection);
  EXPECT_EQ(L.Result, Status::Unreadable);
}

TEST(ObjectSidecarTest, EveryTruncationIsAOneLineProblem) {
  const std::string B = object("with-sidecar.o");
  Layout At = layoutOf(B);
  ASSERT_NE(At.Sidecar, 0u);
  for (size_t Len = 0; Len < B.size(); ++Len) {
    SectionLookup L = lookup(B.substr(0, Len));
    if (Len < 4) {
      EXPECT_EQ(L.Result, Status::NotElf) << Len;
      continue;
    }
    EXPECT_EQ(L.Result, Status::Malformed) << Len;
    EXPECT_FALSE(L.Problem.empty()) << Len;
    EXPECT_EQ(L.Problem.find('\n'), std::string::npos) << Len;
  }
  expectMalformed(B.substr(0, 20), "truncated ELF header (20 of 64 bytes)");
  expectMalformed(B.substr(0, At.TableOff + 10),
                  "section header table at offset " +
                      std::to_string(At.TableOff) + " lies past the end");
  expectMalformed(B.substr(0, B.size() - 1),
                  "section header table (" + std::to_string(At.Count) +
                      " entries at offset " + std::to_string(At.TableOff) +
                      ") extends past the end of the file");
}

TEST(ObjectSidecarTest, EachOutOfRangeFieldIsNamed) {
  const std::string Good = object("with-sidecar.o");
  Layout At = layoutOf(Good);
  size_t Sidecar = At.header(At.Sidecar), Names = At.header(At.NamesIndex);
  auto With = [&](size_t Off, unsigned Bytes, uint64_t V) {
    std::string B = Good;
    put(B, Off, Bytes, V);
    return B;
  };
  expectMalformed(With(4, 1, 7), "unknown ELF class 7");
  expectMalformed(With(5, 1, 9), "unknown ELF data encoding 9");
  expectMalformed(With(0x3a, 2, 32), "section header entries of 32 bytes");
  expectMalformed(With(0x28, 8, ~uint64_t(0) - 8), "lies past the end");
  expectMalformed(With(0x3c, 2, 0xfff0), "extends past the end of the file");
  expectMalformed(With(0x3e, 2, 0), "no section name table");
  expectMalformed(With(0x3e, 2, 0xfff0), "index 65520 is not a section");
  expectMalformed(With(Names + 4, 4, 1), "is not a string table");
  expectMalformed(With(Names + 24, 8, ~uint64_t(0) - 4),
                  "section name table (");
  expectMalformed(With(Names + 32, 8, uint64_t(1) << 40),
                  "extends past the end of the file");
  expectMalformed(With(Sidecar, 4, 0x7fffffff),
                  "the name of section " + std::to_string(At.Sidecar) +
                      " lies outside the section name table");
  expectMalformed(With(Sidecar + 4, 4, 8), "has no contents (SHT_NOBITS)");
  expectMalformed(With(Sidecar + 8, 8, 0x800), "is compressed");
  // An offset that wraps around when the size is added to it.
  expectMalformed(With(Sidecar + 24, 8, ~uint64_t(0) - 16),
                  "section .credtaint.sidecar (");
  expectMalformed(With(Sidecar + 32, 8, uint64_t(1) << 62), "larger than");
  expectMalformed(With(Sidecar + 32, 8, 1u << 20),
                  "extends past the end of the file");
  // No section header table at all: nothing to find, nothing wrong.
  EXPECT_EQ(lookup(With(0x28, 8, 0)).Result, Status::Absent);
}

TEST(ObjectSidecarTest, ExtendedSectionNumberingIsFollowed) {
  // Objects of 0xff00 sections or more keep the count in section 0's
  // sh_size and the name table's index in its sh_link.
  std::string B = object("with-sidecar.o");
  Layout At = layoutOf(B);
  put(B, At.header(0) + 32, 8, At.Count);
  put(B, At.header(0) + 40, 4, At.NamesIndex);
  put(B, 0x3c, 2, 0);
  put(B, 0x3e, 2, 0xffff);
  SectionLookup L = lookup(B);
  ASSERT_EQ(L.Result, Status::Found) << L.Problem;
  EXPECT_EQ(L.Contents, lookup(object("with-sidecar.o")).Contents);
}

TEST(ObjectSidecarTest, RandomDamageNeverCrashesOrOverreads) {
  const std::string Good = object("with-sidecar.o");
  Layout At = layoutOf(Good);
  std::mt19937 Rng(20241206);
  size_t Outcomes[6] = {};
  for (int Round = 0; Round < 5000; ++Round) {
    std::string B = Good;
    int Flips = 1 + int(Rng() % 4);
    for (int I = 0; I < Flips; ++I) {
      // Mostly the ELF header and the section header table, where the
      // offsets and sizes are.
      size_t Pos;
      switch (Rng() % 3) {
      case 0: Pos = Rng() % 64; break;
      case 1: Pos = At.TableOff + Rng() % (B.size() - At.TableOff); break;
      default: Pos = Rng() % B.size(); break;
      }
      B[Pos] = char(Rng());
    }
    if (Rng() % 4 == 0)
      B.resize(Rng() % B.size());
    SectionLookup L = lookup(B);
    ++Outcomes[int(L.Result)];
    EXPECT_EQ(L.Problem.find('\n'), std::string::npos);
    EXPECT_LE(L.Contents.size(), B.size());
    if (L.Result == Status::Malformed || L.Result == Status::Unsupported)
      EXPECT_FALSE(L.Problem.empty());
  }
  // The rounds reached both the intact section and the damage checks.
  EXPECT_GT(Outcomes[int(Status::Found)], 0u);
  EXPECT_GT(Outcomes[int(Status::Malformed)], 0u);
}

TEST(ObjectSidecarTest, DocumentsAreSplitAtNulBytes) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(sidecarDocuments(""), V{});
  EXPECT_EQ(sidecarDocuments(std::string_view("a\0", 2)), V{"a"});
  // ld -r concatenates the sections of its inputs (with alignment padding).
  EXPECT_EQ(sidecarDocuments(std::string_view("a\0\0\0b\0", 6)), (V{"a", "b"}));
  EXPECT_EQ(sidecarDocuments("unterminated"), V{"unterminated"});
}

TEST(ObjectSidecarTest, ReaderTakesTheObjectsFindingsWhenItsFileIsMissing) {
  test::ScratchDir D;
  const std::string Obj = object("with-sidecar.o");
  D.write("cached/a.cpp.o", Obj); // restored by a compiler cache
  D.write("built/b.cpp.o", Obj);  // with its sidecar file, which wins
  std::string Rec = R"({"rule":"hardcoded-credential","credential":{"name":"k",
    "kind":"api-key","preview":"****","source":{"file":"/src/b.cpp","line":1}},
    "sink":{"file":"/src/b.cpp","line":1}})";
  D.write("built/b.cpp.o" + std::string(kSidecarSuffix),
          "{\"findings\":[" + Rec + "," + Rec + "]}");
  D.write("damaged/c.cpp.o", Obj.substr(0, Obj.size() / 2));
  D.write("other/d.o", "not an object\n");
  D.write("other/e.o", object("without-sidecar.o"));
  D.write("other/libx.a", "!<arch>\n");
  RecordReader R;
  R.readBuildDir(D.path());
  EXPECT_EQ(R.records().size(), 3u);
  EXPECT_EQ(R.stats().Sidecars, 2u);
  EXPECT_EQ(R.stats().ObjectSidecars, 1u);
  ASSERT_EQ(R.warnings().size(), 1u);
  EXPECT_THAT(R.warnings()[0], HasSubstr("damaged/c.cpp.o: damaged object: "));
  EXPECT_THAT(R.warnings()[0], HasSubstr("no embedded findings read"));
  // The cached object's finding is the static one it carries.
  bool Seen = false;
  for (const Record &Rec : R.records())
    Seen |= Rec.Detector == "static" && Rec.Credential.Name == "aws_key";
  EXPECT_TRUE(Seen);
}

TEST(ObjectSidecarTest, ObjectNamedOnTheCommandLine) {
  RecordReader R;
  std::string Error;
  EXPECT_TRUE(R.readFile(objectPath("with-sidecar.o"), Error)) << Error;
  EXPECT_TRUE(R.readFile(objectPath("without-sidecar.o"), Error)) << Error;
  EXPECT_EQ(R.records().size(), 1u);
  EXPECT_EQ(R.stats().ObjectSidecars, 1u);
  EXPECT_FALSE(R.readFile(objectPath("missing.o"), Error));
  EXPECT_THAT(Error, HasSubstr("missing.o"));
  EXPECT_TRUE(R.warnings().empty());
}

} // namespace
} // namespace credtaint::report
