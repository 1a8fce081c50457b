// What both backends say about report requests and loads, written once.
#pragma once

#include <string>

#include "core/status.h"
#include "store/roles/report_store.h"

namespace pregon::store {

// NotFound: no report request has this id.
Status ReportRequestNotFound(int64_t id);
// Conflict: the lease of a claimed request was lost before its step was saved.
Status LostReportLease(const ReportLease& lease);
// AlreadyExists: the request is loaded in this database and replace was not asked for.
Status ReportAlreadyLoaded(int64_t request_id, int64_t rows);

// The rows LoadReport inserts at once: large enough to amortise a statement, small enough
// that a chunk never costs much memory.
inline constexpr size_t kReportLoadChunk = 1000;

}  // namespace pregon::store
