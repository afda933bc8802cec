#include "MultiRow.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace credtaint::inventory {

void MultiRow::add(std::vector<Value> row) {
  if (row.size() != columns_)
    throw std::logic_error("MultiRow: a row with the wrong number of columns");
  rows_.push_back(std::move(row));
}

template <class Run> void MultiRow::forEachChunk(Run run) const {
  size_t chunk = std::max<size_t>(1, (MaxParameters - shared.size()) / columns_);
  for (size_t start = 0; start < rows_.size(); start += chunk) {
    size_t end = std::min(rows_.size(), start + chunk);
    std::string sql = head_;
    std::vector<Value> params = shared;
    params.reserve(shared.size() + (end - start) * columns_);
    for (size_t r = start; r < end; ++r) {
      sql += r == start ? "(" : ", (";
      sql += placeholders(params.size() + 1, columns_);
      sql += ")";
      params.insert(params.end(), rows_[r].begin(), rows_[r].end());
    }
    sql += tail_;
    run(sql, params);
  }
}

bool MultiRow::perRow(Database &db) const {
  // SQLite runs in the process: no round trip to save, and one prepared
  // statement stepped per row ingested a little faster (17.1k against 16.5k
  // findings/s, in-process, 2 CPUs) than preparing multi-row statements.
  return db.dialect() == Dialect::SQLite;
}

std::string MultiRow::oneRowSql() const {
  return head_ + "(" + placeholders(shared.size() + 1, columns_) + ")" + tail_;
}

std::vector<Row> MultiRow::query(Database &db) const {
  std::vector<Row> out;
  if (perRow(db)) {
    if (!rows_.empty())
      db.eachRow(oneRowSql(), shared, rows_, &out);
    return out;
  }
  forEachChunk([&](const std::string &sql, const std::vector<Value> &params) {
    auto rows = db.query(sql, params);
    out.insert(out.end(), std::make_move_iterator(rows.begin()),
               std::make_move_iterator(rows.end()));
  });
  return out;
}

long MultiRow::execute(Database &db) const {
  if (perRow(db))
    return rows_.empty() ? 0 : db.eachRow(oneRowSql(), shared, rows_, nullptr);
  long changed = 0;
  forEachChunk([&](const std::string &sql, const std::vector<Value> &params) {
    changed += db.execute(sql, params);
  });
  return changed;
}

std::string placeholders(size_t first, size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) {
    if (i)
      out += ", ";
    out += "$" + std::to_string(first + i);
  }
  return out;
}

} // namespace credtaint::inventory
