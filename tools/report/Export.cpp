//===- Export.cpp - credtaint-report export: token, batches, outcome ------===//

#include "Export.h"

#include "Report.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>

namespace credtaint::report {

bool loadToken(const std::string &File, const std::string &EnvName,
               std::string &Token, std::string &Error) {
  std::string Raw;
  std::string From;
  if (!File.empty()) {
    std::ifstream In(File, std::ios::binary);
    if (!In) {
      Error = "--token-file: cannot read '" + File + "'";
      return false;
    }
    std::getline(In, Raw);
    From = "token file '" + File + "'";
  } else {
    const char *V = std::getenv(EnvName.c_str());
    if (!V) {
      Error = "no token: environment variable " + EnvName +
              " is not set (give --token-file FILE or --token-env NAME)";
      return false;
    }
    Raw = V;
    From = "environment variable " + EnvName;
  }
  size_t B = Raw.find_first_not_of(" \t\r\n");
  size_t E = Raw.find_last_not_of(" \t\r\n");
  Token = B == std::string::npos ? "" : Raw.substr(B, E - B + 1);
  std::fill(Raw.begin(), Raw.end(), '\0');
  if (Token.empty()) {
    Error = "no token: " + From + " is empty";
    return false;
  }
  for (unsigned char C : Token)
    if (C < 0x21 || C > 0x7e) {
      Token.clear();
      // A header cannot carry it; say where it came from, not what it is.
      Error = "the token in " + From +
              " has a space or a non-printable character";
      return false;
    }
  return true;
}

int sendBatches(const std::vector<BomBatch> &Batches, InventoryClient &Client,
                const ExportLog &Log) {
  int Exit = kExportSent;
  size_t SentFindings = 0, Accepted = 0;
  for (size_t I = 0; I < Batches.size(); ++I) {
    const BomBatch &B = Batches[I];
    std::string Name = "batch " + std::to_string(I + 1) + "/" +
                       std::to_string(Batches.size());
    SendResult R = Client.send(dumpJson(B.Bom, -1), B.IdempotencyKey);
    switch (R.Outcome) {
    case SendOutcome::Accepted: {
      ++Accepted;
      SentFindings += B.Findings;
      std::string Replayed;
      std::vector<std::string> Refused;
      size_t RefusedCount = 0;
      try {
        nlohmann::json J = nlohmann::json::parse(R.Body);
        if (J.is_object() && J.value("replayed", false))
          Replayed = " (the server had it already: replayed)";
        if (J.is_object() && J.contains("rejected") && J["rejected"].is_array()) {
          // At most the 100 the inventory lists, whatever a server sends.
          for (const auto &E : J["rejected"])
            if (E.is_string() && Refused.size() < 100)
              Refused.push_back(E.get<std::string>());
          RefusedCount = std::max(J["rejected"].size(), Refused.size());
          if (auto N = J.find("rejected_count"); N != J.end() && N->is_number_unsigned())
            RefusedCount = std::max(RefusedCount, N->get<size_t>());
        }
      } catch (const std::exception &) {
      }
      Log.Info(Name + ": " + std::to_string(B.Findings) + " findings, " +
               std::to_string(B.Credentials) + " credentials accepted (HTTP " +
               std::to_string(R.Status) + ")" + Replayed);
      // The server kept the rest of the batch but refused these entries.
      for (const std::string &E : Refused)
        Log.Error(Name + ": the server refused " + serverLine(E));
      if (RefusedCount > Refused.size())
        Log.Error(Name + ": and " + std::to_string(RefusedCount - Refused.size()) +
                  " more entries refused");
      if (RefusedCount)
        Exit = kExportRejected;
      break;
    }
    case SendOutcome::Rejected:
      Log.Error(Name + ": " + R.Error);
      Exit = kExportRejected;
      break;
    case SendOutcome::Unauthorized:
      Log.Error(Name + ": " + R.Error + "; nothing more sent");
      return kExportRejected;
    case SendOutcome::Unreachable:
      Log.Error(Name + ": " + R.Error + "; nothing more sent");
      return kExportUnreachable;
    }
  }
  Log.Info(std::to_string(Accepted) + " of " + std::to_string(Batches.size()) +
           " batches accepted, " + std::to_string(SentFindings) + " findings");
  return Exit;
}

} // namespace credtaint::report
