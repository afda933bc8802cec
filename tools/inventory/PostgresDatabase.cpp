// PostgreSQL back end (libpq). Several servers may share one database: all
// state lives in it, writes are transactions, and concurrent duplicates are
// resolved by unique constraints with INSERT ... ON CONFLICT.
#include "Database.h"

#include <libpq-fe.h>

#include <cstring>
#include <string>
#include <unordered_map>

namespace credtaint::inventory {
namespace {

// Advisory lock id that serializes schema migrations across servers.
constexpr const char *MigrationLockSql = "SELECT pg_advisory_xact_lock(7243110421)";

class PostgresDatabase final : public Database {
public:
  explicit PostgresDatabase(const std::string &url) {
    conn_ = PQconnectdb(url.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = oneLine(PQerrorMessage(conn_));
      PQfinish(conn_);
      conn_ = nullptr;
      throw DatabaseError("cannot connect to PostgreSQL '" + redactDatabaseUrl(url) +
                              "': " + msg,
                          true);
    }
    execute("SET client_min_messages = warning", {});
  }
  ~PostgresDatabase() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::PostgreSQL; }

  std::vector<Row> query(const std::string &sql,
                         const std::vector<Value> &params) override {
    PGresult *res = run(sql, params);
    std::vector<Row> rows;
    int n = PQntuples(res), columns = PQnfields(res);
    rows.reserve(n);
    for (int r = 0; r < n; ++r) {
      Row row;
      row.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(res, r, c))
          row.emplace_back(std::nullopt);
        else
          row.emplace_back(std::string(PQgetvalue(res, r, c), PQgetlength(res, r, c)));
      }
      rows.push_back(std::move(row));
    }
    PQclear(res);
    return rows;
  }

  long execute(const std::string &sql, const std::vector<Value> &params) override {
    PGresult *res = run(sql, params);
    const char *tuples = PQcmdTuples(res);
    long n = (tuples && *tuples) ? std::strtol(tuples, nullptr, 10) : 0;
    PQclear(res);
    return n;
  }

  void begin() override { execute("BEGIN", {}); }
  void commit() override { execute("COMMIT", {}); }
  void rollback() override {
    if (conn_ && PQtransactionStatus(conn_) != PQTRANS_IDLE)
      execute("ROLLBACK", {});
  }
  void lockForMigration() override { query(MigrationLockSql, {}); }
  bool healthy() const override { return conn_ && PQstatus(conn_) == CONNECTION_OK; }

private:
  static std::string oneLine(const char *msg) {
    std::string s = msg ? msg : "";
    for (char &c : s)
      if (c == '\n' || c == '\r')
        c = ' ';
    while (!s.empty() && s.back() == ' ')
      s.pop_back();
    return s;
  }

  PGresult *run(const std::string &sql, const std::vector<Value> &params) {
    std::vector<const char *> values;
    values.reserve(params.size());
    for (const Value &v : params)
      values.push_back(v ? v->c_str() : nullptr);
    int n = static_cast<int>(values.size());
    if (const std::string *name = preparedName(sql, n))
      return checked(PQexecPrepared(conn_, name->c_str(), n, values.data(), nullptr, nullptr, 0));
    return checked(PQexecParams(conn_, sql.c_str(), n, nullptr, values.data(), nullptr, nullptr, 0));
  }

  // An INSERT run a second time on this connection is prepared: parsed and
  // planned once. The multi-row INSERTs of ingest have thousands of
  // parameters, and planning them again for every batch (copying a VALUES
  // list of 250 rows) took a quarter of the database's time. Only INSERTs:
  // their plan is the same whatever the values, where a SELECT's generic
  // plan could be worse than one made for its values. Nullptr: run it
  // unprepared.
  const std::string *preparedName(const std::string &sql, int params) {
    constexpr size_t MaxPrepared = 256, MaxCounted = 4096;
    if (params == 0 || sql.compare(0, 7, "INSERT ") != 0)
      return nullptr;
    if (auto it = prepared_.find(sql); it != prepared_.end())
      return &it->second;
    if (prepared_.size() >= MaxPrepared)
      return nullptr;
    if (uses_.size() >= MaxCounted)
      uses_.clear();
    if (++uses_[sql] < 2)
      return nullptr;
    std::string name = "ct_" + std::to_string(prepared_.size());
    PQclear(checked(PQprepare(conn_, name.c_str(), sql.c_str(), params, nullptr)));
    uses_.erase(sql);
    return &prepared_.emplace(sql, std::move(name)).first->second;
  }

  PGresult *checked(PGresult *res) {
    ExecStatusType status = PQresultStatus(res);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
      return res;
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    std::string code = state ? state : "";
    std::string msg = oneLine(PQresultErrorMessage(res));
    PQclear(res);
    // Class 08 (connection), 40 (serialization, deadlock), 53 (resources),
    // 57P (shutdown) are worth retrying; a dead connection too.
    bool retryable = PQstatus(conn_) != CONNECTION_OK || code.rfind("08", 0) == 0 ||
                     code.rfind("40", 0) == 0 || code.rfind("53", 0) == 0 ||
                     code.rfind("57P", 0) == 0;
    throw DatabaseError("PostgreSQL: " + msg, retryable);
  }

  std::unordered_map<std::string, int> uses_;
  std::unordered_map<std::string, std::string> prepared_;
  PGconn *conn_ = nullptr;
};

} // namespace

std::unique_ptr<Database> openPostgresDatabase(const std::string &url) {
  return std::make_unique<PostgresDatabase>(url);
}

std::unique_ptr<Database> openSqliteDatabase(const std::string &path);

long Database::eachRow(const std::string &sql, const std::vector<Value> &shared,
                       const std::vector<std::vector<Value>> &rows, std::vector<Row> *returned) {
  long changed = 0;
  for (const auto &row : rows) {
    std::vector<Value> params = shared;
    params.insert(params.end(), row.begin(), row.end());
    if (returned) {
      auto out = query(sql, params);
      changed += static_cast<long>(out.size());
      returned->insert(returned->end(), out.begin(), out.end());
    } else {
      changed += execute(sql, params);
    }
  }
  return changed;
}

std::unique_ptr<Database> openDatabase(const std::string &url) {
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0)
    return openPostgresDatabase(url);
  if (url.empty())
    throw DatabaseError("no database given (--db PATH or postgresql://...)", false);
  return openSqliteDatabase(url);
}

std::string redactDatabaseUrl(const std::string &url) {
  // scheme://user:password@host... -> scheme://user:****@host...
  auto scheme = url.find("://");
  if (scheme == std::string::npos)
    return url;
  auto at = url.find('@', scheme + 3);
  auto colon = url.find(':', scheme + 3);
  std::string out = url;
  if (at != std::string::npos && colon != std::string::npos && colon < at)
    out = url.substr(0, colon + 1) + "****" + url.substr(at);
  // A password=... query parameter.
  auto pw = out.find("password=");
  if (pw != std::string::npos) {
    auto end = out.find('&', pw);
    out = out.substr(0, pw + 9) + "****" + (end == std::string::npos ? "" : out.substr(end));
  }
  return out;
}

} // namespace credtaint::inventory
