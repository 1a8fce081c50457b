// The post-send loop's first half (DESIGN §1.4): campaigns of relay senders that finished
// (done or partial) at least `delay` ago and whose reports were never asked for get one
// report request per type, over the days the send took in the sender's time zone
// (ReportTimeZone) — a send that crossed local midnight asks for both days. ReportSteps does
// the rest; when every request is loaded, post_reports_status is done.
//
// A campaign whose reports ended in error is retried on a later pass, at least `delay` after
// its last failure and at most kMaxPostSendRetries times; then it stays in error for an
// operator (`report request` asks by hand).
//
// Safe on many nodes at once: a campaign's requests are stored, and retried, with a
// compare-and-set of its status, so they are asked for once.
#pragma once

#include "core/clock.h"
#include "store/roles/report_store.h"
#include "store/roles/sender_store.h"

namespace pregon {

struct PostSendPass {
  int campaigns = 0;  // campaigns whose reports were asked for now
  int requests = 0;   // report requests stored
  int retried = 0;    // campaigns whose failed reports start over
};

// Campaigns looked at in one pass at most; the rest wait for the next one.
inline constexpr int kPostSendCampaignsPerPass = 100;
// Times a campaign's failed reports are asked for again before it is left in error.
inline constexpr int kMaxPostSendRetries = 3;

Result<PostSendPass> RequestPostSendReports(ReportRequestStore& store, SenderStore& senders,
                                            Timestamp now, Millis delay);

}  // namespace pregon
