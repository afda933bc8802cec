//===- ObjectSidecar.cpp - static findings embedded in object files -------===//
//
// ELF64 layout as in the System V gABI (elf.h): the header's e_shoff,
// e_shentsize, e_shnum and e_shstrndx lead to the section header table, and
// section names are offsets into the section that e_shstrndx names. Objects
// with 0xff00 sections or more keep the real count in section 0's sh_size
// and the name table's index in its sh_link (extended numbering).
//
//===----------------------------------------------------------------------===//

#include "ObjectSidecar.h"

#include <algorithm>
#include <fstream>
#include <utility>
#include <vector>

namespace credtaint::report {
namespace {

using Status = SectionLookup::Status;

constexpr uint64_t kElfHeaderBytes = 64;
constexpr uint64_t kSectionHeaderBytes = 64;
constexpr uint8_t kElfClass64 = 2, kElfClass32 = 1;
constexpr uint8_t kElfDataLittle = 1, kElfDataBig = 2;
constexpr uint16_t kSectionIndexEscape = 0xffff; // SHN_XINDEX
constexpr uint32_t kTypeStringTable = 3;         // SHT_STRTAB
constexpr uint32_t kTypeNoBits = 8;              // SHT_NOBITS
constexpr uint64_t kFlagCompressed = 0x800;      // SHF_COMPRESSED
/// Section headers read at once: a few hundred KiB for objects built with
/// -ffunction-sections, one read for ordinary ones.
constexpr uint64_t kHeadersPerRead = 4096;

uint64_t little(const char *P, unsigned Bytes) {
  uint64_t V = 0;
  for (unsigned I = Bytes; I-- > 0;)
    V = V << 8 | static_cast<unsigned char>(P[I]);
  return V;
}

struct SectionHeader {
  uint32_t Name = 0, Type = 0, Link = 0;
  uint64_t Flags = 0, Offset = 0, Size = 0;
};

SectionHeader parseSectionHeader(const char *P) {
  SectionHeader H;
  H.Name = uint32_t(little(P + 0, 4));
  H.Type = uint32_t(little(P + 4, 4));
  H.Flags = little(P + 8, 8);
  H.Offset = little(P + 24, 8);
  H.Size = little(P + 32, 8);
  H.Link = uint32_t(little(P + 40, 4));
  return H;
}

/// Whether Len bytes at Off lie inside a Size-byte file (no overflow).
bool inside(uint64_t Off, uint64_t Len, uint64_t Size) {
  return Off <= Size && Len <= Size - Off;
}

std::string num(uint64_t V) { return std::to_string(V); }

/// One object's lookup. Each step returns false once the lookup has its
/// answer short of a complete scan (another format, the first problem).
class ElfSectionFinder {
public:
  ElfSectionFinder(uint64_t Size, const ReadAt &Read, std::string_view Name)
      : Size(Size), Read(Read), Name(Name) {}

  SectionLookup run() {
    uint64_t TableOff = 0, Count = 0;
    if (readHeader(TableOff, Count) && readNameTable(TableOff, Count) &&
        scan(TableOff, Count))
      L.Result = Found ? Status::Found : Status::Absent;
    return std::move(L);
  }

private:
  /// The ELF header: where the section header table is and how long.
  bool readHeader(uint64_t &TableOff, uint64_t &Count) {
    std::string Header;
    if (!read(0, std::min(Size, kElfHeaderBytes), Header))
      return false;
    if (Header.size() < 4 || Header.compare(0, 4, "\x7f" "ELF") != 0)
      return stop(Status::NotElf);
    std::string Truncated = "truncated ELF header (" + num(Size) + " of " +
                            num(kElfHeaderBytes) + " bytes)";
    if (Header.size() < 6)
      return malformed(Truncated);
    uint8_t Class = uint8_t(Header[4]), Data = uint8_t(Header[5]);
    if (Class == kElfClass32)
      return stop(Status::Unsupported, "32-bit ELF");
    if (Class != kElfClass64)
      return malformed("unknown ELF class " + num(Class));
    if (Data == kElfDataBig)
      return stop(Status::Unsupported, "big-endian ELF");
    if (Data != kElfDataLittle)
      return malformed("unknown ELF data encoding " + num(Data));
    if (Header.size() < kElfHeaderBytes)
      return malformed(Truncated);

    TableOff = little(&Header[0x28], 8);
    uint64_t EntryBytes = little(&Header[0x3a], 2);
    Count = little(&Header[0x3c], 2);
    NamesIndex = little(&Header[0x3e], 2);
    if (TableOff == 0)
      return stop(Status::Absent); // no section header table
    if (EntryBytes != kSectionHeaderBytes)
      return malformed("section header entries of " + num(EntryBytes) +
                       " bytes, expected " + num(kSectionHeaderBytes));
    if (!inside(TableOff, kSectionHeaderBytes, Size))
      return malformed("section header table at offset " + num(TableOff) +
                       " lies past the end of the file (" + num(Size) +
                       " bytes)");
    std::string First;
    if (!read(TableOff, kSectionHeaderBytes, First))
      return false;
    SectionHeader Zero = parseSectionHeader(First.data());
    if (Count == 0)
      Count = Zero.Size; // extended numbering
    if (NamesIndex == kSectionIndexEscape)
      NamesIndex = Zero.Link;
    if (Count == 0)
      return stop(Status::Absent);
    if (Count > (Size - TableOff) / kSectionHeaderBytes)
      return malformed("section header table (" + num(Count) +
                       " entries at offset " + num(TableOff) +
                       ") extends past the end of the file (" + num(Size) +
                       " bytes)");
    return true;
  }

  /// The section that holds the section names.
  bool readNameTable(uint64_t TableOff, uint64_t Count) {
    if (NamesIndex == 0)
      return malformed("no section name table");
    if (NamesIndex >= Count)
      return malformed("section name table index " + num(NamesIndex) +
                       " is not a section (" + num(Count) + " sections)");
    std::string Raw;
    if (!read(TableOff + NamesIndex * kSectionHeaderBytes, kSectionHeaderBytes,
              Raw))
      return false;
    Names = parseSectionHeader(Raw.data());
    if (Names.Type != kTypeStringTable)
      return malformed("section name table (section " + num(NamesIndex) +
                       ") is not a string table");
    if (!inside(Names.Offset, Names.Size, Size))
      return malformed("section name table (" + num(Names.Size) +
                       " bytes at offset " + num(Names.Offset) +
                       ") extends past the end of the file (" + num(Size) +
                       " bytes)");
    return true;
  }

  /// Every section header, kHeadersPerRead at a time.
  bool scan(uint64_t TableOff, uint64_t Count) {
    std::string Chunk;
    for (uint64_t First = 0; First < Count; First += kHeadersPerRead) {
      uint64_t N = std::min(kHeadersPerRead, Count - First);
      if (!read(TableOff + First * kSectionHeaderBytes, N * kSectionHeaderBytes,
                Chunk))
        return false;
      for (uint64_t I = 0; I < N; ++I) {
        SectionHeader H =
            parseSectionHeader(Chunk.data() + I * kSectionHeaderBytes);
        bool Match = false;
        if (!nameIs(First + I, H, Match) || (Match && !take(H)))
          return false;
      }
    }
    return true;
  }

  /// Whether section Index (header H) is named Name.
  bool nameIs(uint64_t Index, const SectionHeader &H, bool &Match) {
    if (Index == 0)
      return true; // the null section
    if (H.Name >= Names.Size)
      return malformed("the name of section " + num(Index) +
                       " lies outside the section name table");
    uint64_t Len = std::min<uint64_t>(Name.size() + 1, Names.Size - H.Name);
    std::string Bytes;
    if (!read(Names.Offset + H.Name, Len, Bytes))
      return false;
    Match = Bytes.size() == Name.size() + 1 && Bytes.back() == '\0' &&
            std::string_view(Bytes).substr(0, Name.size()) == Name;
    return true;
  }

  /// Appends the contents of H, a section named Name.
  bool take(const SectionHeader &H) {
    std::string What = "section " + std::string(Name);
    if (H.Type == kTypeNoBits)
      return malformed(What + " has no contents (SHT_NOBITS)");
    if (H.Flags & kFlagCompressed)
      return malformed(What + " is compressed (SHF_COMPRESSED)");
    if (H.Size > kMaxSidecarSectionBytes - L.Contents.size())
      return malformed(What + " is larger than " +
                       num(kMaxSidecarSectionBytes) + " bytes");
    if (!inside(H.Offset, H.Size, Size))
      return malformed(What + " (" + num(H.Size) + " bytes at offset " +
                       num(H.Offset) + ") extends past the end of the file (" +
                       num(Size) + " bytes)");
    // Several sections of the name are concatenated; two over the same
    // bytes would only repeat them (a crafted object could make the
    // contents many times the file's size).
    for (const auto &[Off, Len] : Taken)
      if (H.Size && H.Offset < Off + Len && Off < H.Offset + H.Size)
        return malformed(What + " overlaps another section of that name");
    std::string Bytes;
    if (!read(H.Offset, H.Size, Bytes))
      return false;
    L.Contents += Bytes;
    Taken.emplace_back(H.Offset, H.Size);
    Found = true;
    return true;
  }

  /// Len bytes at Off, which the caller has checked lie inside the file.
  bool read(uint64_t Off, uint64_t Len, std::string &Out) {
    Out.clear();
    if (Len == 0)
      return true;
    if (inside(Off, Len, Size) && Read(Off, Len, Out) && Out.size() == Len)
      return true;
    return stop(Status::Unreadable,
                "read error at offset " + num(Off) + " (did the file change?)");
  }

  bool stop(Status S, std::string Problem = "") {
    L.Result = S;
    L.Problem = std::move(Problem);
    L.Contents.clear();
    return false;
  }
  bool malformed(std::string Problem) {
    return stop(Status::Malformed, std::move(Problem));
  }

  uint64_t Size;
  const ReadAt &Read;
  std::string_view Name;
  uint64_t NamesIndex = 0;
  SectionHeader Names;
  bool Found = false;
  std::vector<std::pair<uint64_t, uint64_t>> Taken; // offset, size
  SectionLookup L;
};

} // namespace

SectionLookup findElfSection(uint64_t Size, const ReadAt &Read,
                             std::string_view Name) {
  return ElfSectionFinder(Size, Read, Name).run();
}

SectionLookup findElfSection(std::string_view Object, std::string_view Name) {
  ReadAt FromMemory = [Object](uint64_t Off, uint64_t Len, std::string &Out) {
    Out.assign(Object.substr(Off, Len));
    return true;
  };
  return findElfSection(Object.size(), FromMemory, Name);
}

SectionLookup findElfSectionInFile(const std::string &Path,
                                   std::string_view Name) {
  std::ifstream In(Path, std::ios::binary | std::ios::ate);
  SectionLookup L;
  std::streamoff End = In ? std::streamoff(In.tellg()) : -1;
  if (End < 0) {
    L.Result = Status::Unreadable;
    L.Problem = "cannot be read";
    return L;
  }
  ReadAt FromFile = [&In](uint64_t Off, uint64_t Len, std::string &Out) {
    Out.resize(Len);
    In.clear();
    In.seekg(std::streamoff(Off));
    In.read(Out.data(), std::streamsize(Len));
    return bool(In) && uint64_t(In.gcount()) == Len;
  };
  return findElfSection(uint64_t(End), FromFile, Name);
}

std::vector<std::string_view> sidecarDocuments(std::string_view Contents) {
  std::vector<std::string_view> Docs;
  while (!Contents.empty()) {
    size_t End = Contents.find('\0');
    std::string_view Doc = Contents.substr(0, End);
    if (!Doc.empty())
      Docs.push_back(Doc);
    if (End == std::string_view::npos)
      break;
    Contents.remove_prefix(End + 1);
  }
  return Docs;
}

} // namespace credtaint::report
