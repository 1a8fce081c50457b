// SqliteStore: the rows of loaded reports (ReportTableStore).
#include "core/time_format.h"
#include "store/common/report_texts.h"
#include "store/common/row_readers.h"
#include "store/sqlite/sqlite_store.h"

namespace pregon::store {

Result<ReportLoadCounts> SqliteStore::LoadReport(const ReportLoadSpec& spec,
                                                 const ReportRowSource& source) {
  SqliteSession session(mu_, *db_);
  return Guard("loading a report", [&]() REQUIRES(mu_) -> Result<ReportLoadCounts> {
    SqliteTx tx(*db_);
    ReportLoadCounts counts;
    auto& earlier = db_->Prepare("SELECT row_count FROM report_loads WHERE report_request_id = ?");
    earlier.bind(1, spec.request_id);
    if (earlier.executeStep()) {
      if (!spec.replace)
        return ReportAlreadyLoaded(spec.request_id, earlier.getColumn(0).getInt64());
      auto& rows = db_->Prepare("DELETE FROM report_rows WHERE report_request_id = ?");
      rows.bind(1, spec.request_id);
      counts.replaced = rows.exec();
      auto& load = db_->Prepare("DELETE FROM report_loads WHERE report_request_id = ?");
      load.bind(1, spec.request_id);
      load.exec();
    }
    const std::string type(ReportTypeName(spec.type));
    const std::string loaded_at = FormatIso8601(spec.loaded_at);
    PREGON_RETURN_IF_ERROR(source([&](std::span<const ReportRow> chunk) NO_THREAD_SAFETY_ANALYSIS {
      // Runs inside this call, under mu_ (the analysis cannot follow it through a function).
      for (const auto& row : chunk) {
        auto& q = db_->Prepare(
            "INSERT INTO report_rows (report_request_id, type, line, email, subject, sender, "
            "sender_name, status, date, date_local, opens, clicks, extra, loaded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        q.bind(1, spec.request_id);
        q.bind(2, type);
        q.bind(3, row.line);
        q.bind(4, row.email);
        q.bind(5, row.subject);
        q.bind(6, row.sender);
        q.bind(7, row.sender_name);
        q.bind(8, row.status);
        if (row.date)
          q.bind(9, FormatIso8601(*row.date));
        else
          q.bind(9);
        q.bind(10, row.date_local);
        q.bind(11, row.opens);
        q.bind(12, row.clicks);
        q.bind(13, row.extra_json);
        q.bind(14, loaded_at);
        q.exec();
        ++counts.rows;
      }
      return Status::Ok();
    }));
    auto& load = db_->Prepare(
        "INSERT INTO report_loads (report_request_id, campaign_id, type, row_count, loaded_at) "
        "VALUES (?, ?, ?, ?, ?)");
    load.bind(1, spec.request_id);
    if (spec.campaign_id)
      load.bind(2, *spec.campaign_id);
    else
      load.bind(2);
    load.bind(3, type);
    load.bind(4, counts.rows);
    load.bind(5, loaded_at);
    load.exec();
    tx.Commit();
    return counts;
  });
}

Result<std::optional<ReportLoad>> SqliteStore::FindReportLoad(int64_t request_id) {
  SqliteSession session(mu_, *db_);
  return Guard("reading a report load", [&]() REQUIRES(mu_) -> Result<std::optional<ReportLoad>> {
    auto& q = db_->Prepare(
        "SELECT report_request_id, campaign_id, type, row_count, loaded_at FROM report_loads "
        "WHERE report_request_id = ?");
    q.bind(1, request_id);
    if (!q.executeStep()) return std::optional<ReportLoad>();
    return std::optional<ReportLoad>(ReadReportLoad(SqliteRow(q)));
  });
}

Result<std::vector<ReportRow>> SqliteStore::ListReportRows(int64_t request_id, int after_line,
                                                           int limit) {
  SqliteSession session(mu_, *db_);
  return Guard("reading report rows", [&]() REQUIRES(mu_) -> Result<std::vector<ReportRow>> {
    auto& q = db_->Prepare("SELECT " PREGON_REPORT_ROW_COLUMNS
                           " FROM report_rows WHERE report_request_id = ? AND line > ? "
                           "ORDER BY line LIMIT ?");
    q.bind(1, request_id);
    q.bind(2, after_line);
    q.bind(3, limit);
    std::vector<ReportRow> out;
    while (q.executeStep()) out.push_back(ReadReportRow(SqliteRow(q)));
    return out;
  });
}

}  // namespace pregon::store
