// What the admin UI's templates show of a campaign, as template data (http/ui/view.h): its
// progress (templates/_progress.mustache), its row in a table (_campaign_table), its
// counters (_counters) — built once here for the pages and for the live stream that updates
// them, so both always show the same thing.
//
// Pure functions of their arguments; safe from any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/campaign.h"
#include "core/clock.h"
#include "core/delivery.h"
#include "core/language.h"
#include "http/call.h"
#include "http/campaign_names.h"
#include "http/ui/page.h"
#include "store/roles/campaign_store.h"
#include "store/store_queries.h"

namespace pregon::http::ui {

// 1234567 as "1,234,567" (English) or "1.234.567" (Spanish).
std::string FormatCount(int64_t n, Language lang);
// A time as "2026-12-07 14:05 UTC" (the UI always names the zone).
std::string FormatTime(Timestamp t);

std::string StatusLabel(CampaignStatus s, Language lang);

// For _progress: id, name, status, status_label, finished (every delivery no longer pending
// or in flight), total, percent, the same as text, has_failed / failed_text.
nlohmann::json ProgressView(const Campaign& c, const Counters& k, Language lang);

// For a row of _campaign_table: the progress plus sender, list, when (the schedule or the
// end), and live (the row is updated by the live stream until the campaign is final).
nlohmann::json CampaignRow(const CampaignSummary& s, CampaignNames& names, Language lang);

// The actions an operator takes on campaigns from the UI, by their form value.
std::optional<CampaignAction> ActionNamed(std::string_view name);  // send|pause|resume|cancel
// The actions that apply to a campaign in `status`, in the order its page shows them.
std::vector<std::string_view> ActionsFor(CampaignStatus status);
// The notice a redirect after an action asks for with ?done=send&ok=3 ("3 campaigns sent
// now"), or null.
nlohmann::json ActionNotice(const Call& call, Language lang);

// The campaign the path's {id} names, or nullopt after answering the page: 404 for an id
// that is not one or names none, the store's error otherwise.
std::optional<Campaign> CampaignOfPath(const Call& call, Page& page);

// ?<name>= as where a page of a listing starts (a positive id or seq; 0 when absent); false
// after answering 400.
bool PagePosition(const Call& call, Page& page, const char* name, int64_t* out);

// Whether a campaign's page links to its report: once a provider report of it is loaded, or
// once it has started with pregon's own tracking on.
bool HasReport(Store& store, const Campaign& c);

// For _event_row: ts (ISO 8601), ts_text, kind, message.
nlohmann::json EventRow(const CampaignEvent& e);

// For _counters: each counter with its label, in the order an operator reads them.
nlohmann::json CountersView(const Counters& k, Language lang);

}  // namespace pregon::http::ui
