// Multi-row statements: one `INSERT ... VALUES (...),(...),...` (or a
// `WITH v(...) AS (VALUES ...) UPDATE ...`) per chunk of rows instead of one
// statement per row. An ingest batch of 500 findings is a handful of
// statements, not a thousand round trips to PostgreSQL. On SQLite, which
// has no round trips, the same statement for one row is prepared once and
// run per row (Database::eachRow), which measured faster there.
#pragma once

#include "Database.h"

#include <string>
#include <vector>

namespace credtaint::inventory {

/// Rows of a statement, and its parameters shared by every chunk.
///
///   MultiRow m("INSERT INTO t(a, b) VALUES ", " ON CONFLICT DO NOTHING RETURNING a", 2);
///   m.shared = {now};            // $1 in head and tail
///   m.add({x, y});               // rows are numbered after the shared ones
///   auto returned = m.query(db);
///
/// Each chunk is `head (..),(..) tail`; the shared parameters are $1..$k in
/// every chunk, the rows' parameters follow them.
class MultiRow {
public:
  MultiRow(std::string head, std::string tail, size_t columns)
      : head_(std::move(head)), tail_(std::move(tail)), columns_(columns) {}

  std::vector<Value> shared;

  void add(std::vector<Value> row);
  bool empty() const { return rows_.empty(); }
  size_t size() const { return rows_.size(); }

  /// Runs every chunk; returns the rows the statements returned, in chunk
  /// order. Throws DatabaseError.
  std::vector<Row> query(Database &db) const;

  /// Runs every chunk; returns the rows changed in all. Throws DatabaseError.
  long execute(Database &db) const;

  /// Parameters per statement: well under SQLite's 32766 and PostgreSQL's
  /// 65535, and enough for an export's batch of 500 findings (19 columns)
  /// in one statement; each statement is a round trip to PostgreSQL.
  static constexpr size_t MaxParameters = 10000;

  /// Values per `IN (...)` list of the callers that read rows by key.
  static constexpr size_t InListValues = 1000;

private:
  bool perRow(Database &db) const;
  std::string oneRowSql() const;
  template <class Run> void forEachChunk(Run run) const;

  std::string head_, tail_;
  size_t columns_;
  std::vector<std::vector<Value>> rows_;
};

/// "$a, $b, ..." placeholders for an IN list of `count` values, numbered
/// from `first`.
std::string placeholders(size_t first, size_t count);

} // namespace credtaint::inventory
