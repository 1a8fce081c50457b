// A campaign's deliveries as CSV, for operators and their spreadsheets (DESIGN §1.4): one row
// per recipient with pregon's own outcome beside the provider's —
//   address,status,attempts,last_error,sent_at,provider_status,opens,clicks
// provider_status, opens and clicks come from the newest deliveries report loaded (else the
// newest sent report); empty when no report names the address. Text from outside (addresses,
// provider errors) is defused for spreadsheets (CsvQuoteForSpreadsheet).
//
// Streamed: each Next() reads one page of deliveries from the store and returns its CSV, so a
// million-recipient export holds one page at a time, and a store lock only as long as a page.
//
// Thread-safety: not safe for concurrent use; distinct exports are independent.
#pragma once

#include <string>

#include "store/roles/report_store.h"

namespace pregon {

class DeliveryCsvExport {
 public:
  static constexpr int kPageRows = 1000;
  static constexpr std::string_view kHeader =
      "address,status,attempts,last_error,sent_at,provider_status,opens,clicks\r\n";

  DeliveryCsvExport(ReportRequestStore& store, int64_t campaign_id)
      : store_(store), campaign_id_(campaign_id) {}

  // The next piece of the file: the header and the first page, then a page at a time; ""
  // once everything is written (done() is then true).
  Result<std::string> Next();
  bool done() const { return done_; }
  int64_t rows() const { return rows_; }

 private:
  ReportRequestStore& store_;
  const int64_t campaign_id_;
  int64_t after_seq_ = 0;
  int64_t rows_ = 0;
  bool started_ = false;
  bool done_ = false;
};

}  // namespace pregon
