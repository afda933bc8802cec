// The storage interface of credtaint-inventory: one SQL connection, in the
// dialect both back ends share. The inventory logic (Inventory.cpp) and the
// migrations are written once against it; SQLite (the default, one file) and
// PostgreSQL (shared by several stateless servers) implement it.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace credtaint::inventory {

/// A bound parameter or a result cell; nullopt is SQL NULL.
using Value = std::optional<std::string>;
/// One result row, cells in select-list order.
using Row = std::vector<Value>;

/// A database error. `retryable` is set for failures a client may retry
/// (lost connection, lock timeout, serialization failure): the server
/// answers them with 503 and Retry-After.
class DatabaseError : public std::runtime_error {
public:
  DatabaseError(const std::string &what, bool retryable)
      : std::runtime_error(what), retryable(retryable) {}
  bool retryable;
};

/// Which SQL dialect a connection speaks, for the few statements that differ.
enum class Dialect { SQLite, PostgreSQL };

/// One open connection. Not thread-safe: a connection serves one request at
/// a time (ConnectionPool hands them out).
class Database {
public:
  virtual ~Database() = default;

  virtual Dialect dialect() const = 0;

  /// Runs one statement with parameters $1..$n and returns its rows (empty
  /// for statements without results). Throws DatabaseError.
  virtual std::vector<Row> query(const std::string &sql,
                                 const std::vector<Value> &params = {}) = 0;

  /// Runs one statement and returns the number of rows it inserted, updated
  /// or deleted. Throws DatabaseError.
  virtual long execute(const std::string &sql,
                       const std::vector<Value> &params = {}) = 0;

  /// Runs `sql`, a statement of one row's values, once for each of `rows`:
  /// its parameters are `shared` followed by that row's. Appends what the
  /// runs return to `returned` (when given); returns the rows they changed
  /// in all. The default runs execute()/query() per row; SQLite prepares
  /// the statement once. Throws DatabaseError.
  virtual long eachRow(const std::string &sql, const std::vector<Value> &shared,
                       const std::vector<std::vector<Value>> &rows,
                       std::vector<Row> *returned);

  /// Starts a write transaction. SQLite takes the write lock at once
  /// (BEGIN IMMEDIATE), so concurrent writers queue on the busy timeout
  /// instead of failing to upgrade a read lock.
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;

  /// Inside a transaction: serializes schema migrations across every server
  /// sharing the database (PostgreSQL advisory lock; SQLite's write lock
  /// already does).
  virtual void lockForMigration() = 0;

  /// False once the connection is known to be broken; the pool drops it.
  virtual bool healthy() const = 0;
};

/// Opens `url`: `postgresql://...` or `postgres://...` (libpq connection
/// URI; put a password in PGPASSWORD or a .pgpass file, not in the URI),
/// otherwise a path to an SQLite file (created if missing). Throws
/// DatabaseError.
std::unique_ptr<Database> openDatabase(const std::string &url);

/// `url` with any password removed, for logs and error messages.
std::string redactDatabaseUrl(const std::string &url);

/// Rolls a transaction back unless commit() was called on the guard.
class Transaction {
public:
  explicit Transaction(Database &db) : db_(db) { db_.begin(); }
  ~Transaction() {
    if (!done_) {
      try {
        db_.rollback();
      } catch (...) {
      }
    }
  }
  void commit() {
    db_.commit();
    done_ = true;
  }
  Transaction(const Transaction &) = delete;
  Transaction &operator=(const Transaction &) = delete;

private:
  Database &db_;
  bool done_ = false;
};

} // namespace credtaint::inventory
