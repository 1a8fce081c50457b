// The post-send loop's first half (DESIGN §1.4): campaigns of relay senders that finished
// (done or partial) at least `delay` ago and whose reports were never asked for get one
// report request per type, over the days the send took in the campaign's send-window time
// zone (UTC when it has none) — a send that crossed local midnight asks for both days.
// ReportSteps does the rest; when every request is loaded, post_reports_status is done.
//
// Safe on many nodes at once: a campaign's requests are stored with a compare-and-set of
// its status, so they are asked for once.
#pragma once

#include "core/clock.h"
#include "store/roles/report_store.h"

namespace pregon {

struct PostSendPass {
  int campaigns = 0;  // campaigns whose reports were asked for now
  int requests = 0;   // report requests stored
};

// Campaigns looked at in one pass at most; the rest wait for the next one.
inline constexpr int kPostSendCampaignsPerPass = 100;

Result<PostSendPass> RequestPostSendReports(ReportRequestStore& store, Timestamp now, Millis delay);

}  // namespace pregon
