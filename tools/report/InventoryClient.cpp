//===- InventoryClient.cpp - send BOMs to an inventory server -------------===//

#include "InventoryClient.h"
#include "LoopbackHost.h"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <random>
#include <thread>

#ifndef CREDTAINT_VERSION
#define CREDTAINT_VERSION "0.0.0"
#endif

namespace credtaint::report {
namespace {

std::string lower(std::string S) {
  for (char &C : S)
    C = char(std::tolower(static_cast<unsigned char>(C)));
  return S;
}

struct UrlParts {
  std::string Scheme, Host, Port, Path;
};

/// Splits an http(s) URL; false with Error when it is not one we accept.
bool splitUrl(const std::string &Url, UrlParts &P, std::string &Error) {
  size_t Sep = Url.find("://");
  if (Sep == std::string::npos) {
    Error = "--server: expected an https:// (or loopback http://) URL";
    return false;
  }
  P.Scheme = lower(Url.substr(0, Sep));
  if (P.Scheme != "https" && P.Scheme != "http") {
    Error = "--server: scheme '" + P.Scheme + "' is not https or http";
    return false;
  }
  size_t AuthEnd = Url.find_first_of("/?#", Sep + 3);
  std::string Authority = Url.substr(Sep + 3, AuthEnd == std::string::npos
                                                  ? std::string::npos
                                                  : AuthEnd - Sep - 3);
  if (Authority.find('@') != std::string::npos) {
    // Never echo the authority: it holds a user name and maybe a password.
    Error = "--server: the URL carries user information (user@ or "
            "user:password@); give the token with --token-file or --token-env";
    return false;
  }
  P.Path = AuthEnd == std::string::npos ? "" : Url.substr(AuthEnd);
  if (P.Path.find_first_of("?#") != std::string::npos) {
    Error = "--server: the URL must not have a query or fragment";
    return false;
  }
  if (!Authority.empty() && Authority.front() == '[') {
    size_t Close = Authority.find(']');
    if (Close == std::string::npos) {
      Error = "--server: unterminated IPv6 address in the URL";
      return false;
    }
    P.Host = Authority.substr(0, Close + 1);
    std::string Rest = Authority.substr(Close + 1);
    if (!Rest.empty() && Rest.front() != ':') {
      Error = "--server: unexpected text after the IPv6 address";
      return false;
    }
    P.Port = Rest.empty() ? "" : Rest.substr(1);
  } else {
    size_t Colon = Authority.find(':');
    P.Host = Authority.substr(0, Colon);
    P.Port = Colon == std::string::npos ? "" : Authority.substr(Colon + 1);
  }
  if (P.Host.empty()) {
    Error = "--server: the URL has no host";
    return false;
  }
  if (!std::all_of(P.Port.begin(), P.Port.end(),
                   [](unsigned char C) { return std::isdigit(C); }) ||
      P.Port.size() > 5) {
    Error = "--server: the port is not a number";
    return false;
  }
  return true;
}

size_t appendBody(char *Data, size_t Size, size_t N, void *Out) {
  auto *S = static_cast<std::string *>(Out);
  if (S->size() < (1u << 20)) // the server answers a line of JSON
    S->append(Data, Size * N);
  return Size * N;
}

size_t readHeader(char *Data, size_t Size, size_t N, void *Out) {
  std::string Line(Data, Size * N);
  auto *RetryAfter = static_cast<std::string *>(Out);
  if (Line.size() > 12 && lower(Line.substr(0, 12)) == "retry-after:") {
    std::string V = Line.substr(12);
    V.erase(0, V.find_first_not_of(" \t"));
    V.erase(V.find_last_not_of(" \t\r\n") + 1);
    *RetryAfter = V;
  } else if (Line.rfind("HTTP/", 0) == 0) {
    RetryAfter->clear(); // a new response (after 100 Continue)
  }
  return Size * N;
}

/// The server's error message, on one line and short.
std::string serverError(const std::string &Body) {
  std::string Msg;
  try {
    nlohmann::json J = nlohmann::json::parse(Body);
    if (J.is_object() && J.contains("error") && J["error"].is_string())
      Msg = J["error"].get<std::string>();
  } catch (const std::exception &) {
  }
  return serverLine(std::move(Msg));
}

bool retryableCurlError(CURLcode C) {
  switch (C) {
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_RESOLVE_PROXY:
  case CURLE_COULDNT_CONNECT:
  case CURLE_OPERATION_TIMEDOUT:
  case CURLE_SEND_ERROR:
  case CURLE_RECV_ERROR:
  case CURLE_GOT_NOTHING:
  case CURLE_PARTIAL_FILE:
  case CURLE_HTTP2:
  case CURLE_HTTP2_STREAM:
  case CURLE_SSL_CONNECT_ERROR:
    return true;
  default:
    return false;
  }
}

bool tlsVerificationError(CURLcode C) {
  return C == CURLE_PEER_FAILED_VERIFICATION || C == CURLE_SSL_CACERT_BADFILE ||
         C == CURLE_SSL_CERTPROBLEM || C == CURLE_SSL_ISSUER_ERROR;
}

} // namespace

bool checkServerUrl(const std::string &Url, std::string &Error) {
  UrlParts P;
  if (!splitUrl(Url, P, Error))
    return false;
  if (P.Scheme == "http" && !isLoopbackUrlHost(P.Host)) {
    Error = "--server: plain http:// is refused for " + P.Host +
            ", which is not a loopback address (the token and the findings "
            "would cross the network in clear text); use https://";
    return false;
  }
  return true;
}

double backoffDelay(unsigned Attempt, double Base, double Max, double Jitter01) {
  double D = Base * std::pow(2.0, double(Attempt ? Attempt - 1 : 0));
  D = std::min(D, Max);
  return D * (0.5 + 0.5 * std::clamp(Jitter01, 0.0, 1.0));
}

std::string serverLine(std::string Msg) {
  for (char &C : Msg)
    if (static_cast<unsigned char>(C) < 0x20 || C == 0x7f)
      C = ' '; // no second line, no terminal escape from a server
  if (Msg.size() > 300)
    Msg = Msg.substr(0, 300) + "...";
  return Msg;
}

std::optional<double> parseRetryAfter(const std::string &Value,
                                      std::time_t Now) {
  if (Value.empty())
    return std::nullopt;
  if (std::all_of(Value.begin(), Value.end(),
                  [](unsigned char C) { return std::isdigit(C); }))
    return Value.size() <= 9 ? std::optional<double>(std::stoul(Value))
                             : std::nullopt;
  // An HTTP-date names a day of the week first; curl_getdate alone would
  // also take "1.5" or "-1" as some date.
  if (!std::isalpha(static_cast<unsigned char>(Value[0])))
    return std::nullopt;
  std::time_t At = curl_getdate(Value.c_str(), nullptr);
  if (At == -1)
    return std::nullopt;
  return At > Now ? double(At - Now) : 0.0;
}

struct InventoryClient::Attempt {
  CURLcode Code = CURLE_OK;
  long Status = 0;
  std::string Body, RetryAfter, CurlError;
};

InventoryClient::InventoryClient(ClientOptions O,
                                 std::function<void(const std::string &)> N)
    : Opts(std::move(O)), Note(std::move(N)) {
  static std::once_flag Once;
  std::call_once(Once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  Curl = curl_easy_init();
}

InventoryClient::~InventoryClient() {
  if (Curl)
    curl_easy_cleanup(static_cast<CURL *>(Curl));
}

InventoryClient::Attempt InventoryClient::post(const std::string &Body,
                                               const std::string &Key) {
  Attempt A;
  CURL *C = static_cast<CURL *>(Curl);
  curl_easy_reset(C);
  std::string Url = Opts.Server;
  while (!Url.empty() && Url.back() == '/')
    Url.pop_back();
  Url += "/v1/ingest";
  UrlParts P;
  std::string Ignored;
  splitUrl(Url, P, Ignored);

  curl_slist *Headers = nullptr;
  Headers = curl_slist_append(Headers, "Content-Type: application/vnd.cyclonedx+json");
  Headers = curl_slist_append(Headers, "Accept: application/json");
  Headers = curl_slist_append(Headers, ("Idempotency-Key: " + Key).c_str());
  Headers = curl_slist_append(Headers, "Expect:");
  std::string Auth = "Authorization: Bearer " + Opts.Token;
  if (!Opts.Token.empty())
    Headers = curl_slist_append(Headers, Auth.c_str());
  std::fill(Auth.begin(), Auth.end(), '\0');

  char ErrBuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(C, CURLOPT_URL, Url.c_str());
  curl_easy_setopt(C, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(C, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(C, CURLOPT_POST, 1L);
  curl_easy_setopt(C, CURLOPT_POSTFIELDS, Body.data());
  curl_easy_setopt(C, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(Body.size()));
  curl_easy_setopt(C, CURLOPT_HTTPHEADER, Headers);
  curl_easy_setopt(C, CURLOPT_USERAGENT, "credtaint-report/" CREDTAINT_VERSION);
  curl_easy_setopt(C, CURLOPT_WRITEFUNCTION, appendBody);
  curl_easy_setopt(C, CURLOPT_WRITEDATA, &A.Body);
  curl_easy_setopt(C, CURLOPT_HEADERFUNCTION, readHeader);
  curl_easy_setopt(C, CURLOPT_HEADERDATA, &A.RetryAfter);
  curl_easy_setopt(C, CURLOPT_ERRORBUFFER, ErrBuf);
  curl_easy_setopt(C, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(C, CURLOPT_TIMEOUT_MS, long(Opts.TimeoutSeconds * 1000));
  curl_easy_setopt(C, CURLOPT_CONNECTTIMEOUT_MS,
                   long(Opts.ConnectTimeoutSeconds * 1000));
  curl_easy_setopt(C, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(C, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!Opts.CaCert.empty())
    curl_easy_setopt(C, CURLOPT_CAINFO, Opts.CaCert.c_str());
  // Clear-text traffic to loopback never goes through a proxy, which would
  // put the token on the network after all.
  if (P.Scheme == "http")
    curl_easy_setopt(C, CURLOPT_PROXY, "");

  A.Code = curl_easy_perform(C);
  curl_easy_getinfo(C, CURLINFO_RESPONSE_CODE, &A.Status);
  A.CurlError = ErrBuf[0] ? ErrBuf : curl_easy_strerror(A.Code);
  // The header list holds the token: wipe it before freeing.
  for (curl_slist *H = Headers; H; H = H->next)
    std::fill(H->data, H->data + std::strlen(H->data), '\0');
  curl_slist_free_all(Headers);
  curl_easy_setopt(C, CURLOPT_ERRORBUFFER, nullptr);
  return A;
}

SendResult InventoryClient::send(const std::string &Body, const std::string &Key) {
  SendResult R;
  std::mt19937_64 Rng{std::random_device{}()};
  std::uniform_real_distribution<double> Jitter(0.0, 1.0);
  for (unsigned Try = 0;; ++Try) {
    Attempt A = post(Body, Key);
    ++R.Attempts;
    R.Status = A.Code == CURLE_OK ? A.Status : 0;
    R.Body = A.Body;
    std::string Why;
    bool Retry = false;
    if (A.Code != CURLE_OK) {
      if (tlsVerificationError(A.Code)) {
        R.Outcome = SendOutcome::Unreachable;
        R.Error = "TLS verification of " + Opts.Server + " failed (" +
                  A.CurlError + "); give the CA that signed its certificate "
                  "with --cacert";
        return R;
      }
      Why = A.CurlError;
      Retry = retryableCurlError(A.Code);
      R.Outcome = SendOutcome::Unreachable;
      R.Error = "cannot reach " + Opts.Server + ": " + A.CurlError;
    } else if (A.Status >= 200 && A.Status < 300) {
      R.Outcome = SendOutcome::Accepted;
      return R;
    } else {
      std::string Server = serverError(A.Body);
      Why = "HTTP " + std::to_string(A.Status) +
            (Server.empty() ? "" : ": " + Server);
      if (A.Status == 401 || A.Status == 403) {
        R.Outcome = SendOutcome::Unauthorized;
        R.Error = "the server refused the token (" + Why + ")";
        return R;
      }
      Retry = A.Status == 408 || A.Status == 429 || A.Status >= 500;
      R.Outcome = Retry ? SendOutcome::Unreachable : SendOutcome::Rejected;
      R.Error = (A.Status >= 300 && A.Status < 400)
                    ? "the server redirected (" + Why +
                          "); give its final URL with --server"
                    : "the server " + std::string(Retry ? "failed" : "rejected the batch") +
                          " (" + Why + ")";
    }
    if (!Retry)
      return R;
    if (Try >= Opts.MaxRetries) {
      R.Error += "; gave up after " + std::to_string(R.Attempts) + " attempt" +
                 (R.Attempts == 1 ? "" : "s");
      return R;
    }
    double Delay = backoffDelay(Try + 1, Opts.BackoffSeconds, Opts.MaxDelaySeconds,
                                Jitter(Rng));
    if (std::optional<double> After = parseRetryAfter(A.RetryAfter))
      Delay = std::min(*After, Opts.MaxRetryAfter);
    char Buf[32];
    std::snprintf(Buf, sizeof Buf, "%.2f", Delay);
    if (Note)
      Note(Why + "; retry " + std::to_string(Try + 1) + "/" +
           std::to_string(Opts.MaxRetries) + " in " + Buf + " s");
    std::this_thread::sleep_for(std::chrono::duration<double>(Delay));
  }
}

} // namespace credtaint::report
