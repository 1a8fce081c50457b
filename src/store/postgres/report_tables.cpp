// PostgresStore: the rows of loaded reports (ReportTableStore). Rows go in with COPY (a
// stream, not a statement a row), inside the transaction that checks and records the load.
#include <tuple>

#include "core/time_format.h"
#include "store/common/report_texts.h"
#include "store/common/row_readers.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/postgres_store.h"

namespace pregon::store {
namespace {

// Report dates are timestamptz; the shared reader takes them as ISO 8601 UTC text.
#define PG_ISO_UTC(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

void CopyRows(pqxx::stream_to& copy, int64_t request_id, const std::string& type,
              const std::string& loaded_at, std::span<const ReportRow> chunk) {
  for (const auto& r : chunk) {
    auto head = std::make_tuple(request_id, type, r.line, r.email, r.subject, r.sender,
                                r.sender_name, r.status);
    auto tail = std::make_tuple(r.date_local, r.opens, r.clicks, r.extra_json, loaded_at);
    if (r.date)
      copy << std::tuple_cat(head, std::make_tuple(FormatIso8601(*r.date)), tail);
    else
      copy << std::tuple_cat(head, std::make_tuple(nullptr), tail);
  }
}

}  // namespace

Result<ReportLoadCounts> PostgresStore::LoadReport(const ReportLoadSpec& spec,
                                                   const ReportRowSource& source) {
  return session_->Transact("loading a report", [&](PgTx& tx) -> Result<ReportLoadCounts> {
    static const char* kEarlier =
        "SELECT row_count FROM report_loads WHERE report_request_id = $1 FOR UPDATE";
    static const char* kDeleteRows = "DELETE FROM report_rows WHERE report_request_id = $1";
    static const char* kDeleteLoad = "DELETE FROM report_loads WHERE report_request_id = $1";
    static const char* kInsertLoad =
        "INSERT INTO report_loads (report_request_id, campaign_id, type, row_count, loaded_at) "
        "VALUES ($1, $2, $3, $4, $5)";
    ReportLoadCounts counts;
    auto earlier = tx.Exec(kEarlier, spec.request_id);
    if (!earlier.empty()) {
      if (!spec.replace) return ReportAlreadyLoaded(spec.request_id, earlier[0][0].as<int64_t>());
      counts.replaced = tx.Exec(kDeleteRows, spec.request_id).affected_rows();
      tx.Exec(kDeleteLoad, spec.request_id);
    }
    const std::string type(ReportTypeName(spec.type));
    const std::string loaded_at = FormatIso8601(spec.loaded_at);
    {
      pqxx::stream_to copy(
          tx.work(), "report_rows",
          std::vector<std::string>{"report_request_id", "type", "line", "email", "subject",
                                   "sender", "sender_name", "status", "date", "date_local", "opens",
                                   "clicks", "extra", "loaded_at"});
      Status fed = source([&](std::span<const ReportRow> chunk) {
        CopyRows(copy, spec.request_id, type, loaded_at, chunk);
        counts.rows += static_cast<int64_t>(chunk.size());
        return Status::Ok();
      });
      // A failed source ends the transaction unfinished: the COPY and everything else roll back.
      if (!fed.ok()) return fed;
      copy.complete();
    }
    // The load is unique per request: two nodes loading at once, one fails here.
    tx.Exec(kInsertLoad, spec.request_id, spec.campaign_id, type, counts.rows, loaded_at);
    return counts;
  });
}

Result<std::optional<ReportLoad>> PostgresStore::FindReportLoad(int64_t request_id) {
  return session_->Transact(
      "reading a report load", [&](PgTx& tx) -> Result<std::optional<ReportLoad>> {
        static const char* kSql =
            "SELECT report_request_id, campaign_id, type, row_count, " PG_ISO_UTC(
                "loaded_at") " FROM report_loads WHERE report_request_id = $1";
        auto r = tx.Exec(kSql, request_id);
        if (r.empty()) return std::optional<ReportLoad>();
        return std::optional<ReportLoad>(ReadReportLoad(PgRow(r[0])));
      });
}

Result<std::vector<ReportRow>> PostgresStore::ListReportRows(int64_t request_id, int after_line,
                                                             int limit) {
  return session_->Transact("reading report rows", [&](PgTx& tx) -> Result<std::vector<ReportRow>> {
    static const char* kSql =
            "SELECT line, email, subject, sender, sender_name, status, " PG_ISO_UTC("date")
            ", date_local, opens, clicks, extra::text FROM report_rows "
            "WHERE report_request_id = $1 AND line > $2 ORDER BY line LIMIT $3";
    std::vector<ReportRow> out;
    for (const auto& r : tx.Exec(kSql, request_id, after_line, limit))
      out.push_back(ReadReportRow(PgRow(r)));
    return out;
  });
}

}  // namespace pregon::store
