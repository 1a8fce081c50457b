// Campaigns: what to send, to whom, through which sender and at what pace, and the state
// machine that says which actions are allowed when (DESIGN §1.1):
//
//   draft → scheduled → queued → sending ⇄ paused → done | partial | failed | cancelled
//
// queued    "send now" was pressed (or scheduled_at fell due); a worker snapshots the
//           audience and moves it to sending.
// partial   some deliveries failed or are unknown; failed: none was sent. Unavailable and
//           suppressed recipients are expected outcomes, not failures.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/attachment.h"
#include "core/clock.h"
#include "core/delivery.h"
#include "core/status.h"

namespace pregon {

enum class CampaignStatus {
  kDraft,
  kScheduled,
  kQueued,
  kSending,
  kPaused,
  kDone,
  kPartial,
  kFailed,
  kCancelled
};

std::string_view CampaignStatusName(CampaignStatus s);
Result<CampaignStatus> ParseCampaignStatus(std::string_view name);
// "queued,sending" → {kQueued, kSending}; "" → {} (any status). InvalidArgument naming the
// first unknown one.
Result<std::vector<CampaignStatus>> ParseCampaignStatusList(std::string_view list);
bool IsFinal(CampaignStatus s);
// The final status of a campaign with nothing left to send, from its counters: done when
// every delivery was sent (or is unavailable or suppressed: expected outcomes), failed when
// none was sent, partial otherwise (some failed or unknown).
CampaignStatus FinalStatusFor(const Counters& c);

// The actions an operator (or the scheduler) can take on a campaign.
enum class CampaignAction { kSchedule, kSend, kStart, kPause, kResume, kCancel };

std::string_view CampaignActionName(CampaignAction a);

// Returns the status `action` leads to from `from`, or FailedPrecondition naming both when
// the action is not allowed there ("cannot pause a campaign that is done"). `snapshotted`
// says whether a worker has snapshotted the campaign's audience (started_at is set): a
// paused campaign resumes to sending only then, and to queued before, so that a worker
// still takes its snapshot.
Result<CampaignStatus> ApplyAction(CampaignStatus from, CampaignAction action, bool snapshotted);

// What happens to deliveries found in flight under an expired lease (DESIGN §3.3).
enum class DeliveryGuarantee { kAtMostOnce, kAtLeastOnce };

std::string_view DeliveryGuaranteeName(DeliveryGuarantee g);
Result<DeliveryGuarantee> ParseDeliveryGuarantee(std::string_view name);

// Whose open and click tracking a campaign's e-mails carry (DESIGN §1.4b): pregon's own
// (pixel, rewritten links — the default), the relay provider's (pregon rewrites nothing, so
// links are never rewritten twice), or none. The unsubscribe link is there in every case.
enum class CampaignTracking { kPregon, kProvider, kOff };

std::string_view CampaignTrackingName(CampaignTracking t);
Result<CampaignTracking> ParseCampaignTracking(std::string_view name);

struct Throttle {
  int batch_size = 50;    // deliveries per range (batch)
  Millis batch_pause{0};  // the next batch becomes eligible this long after one ends
  double rate = 0;        // messages/s for this campaign; 0 = the sender's rate
  int max_attempts = 5;   // transient failures are retried up to this many sends
};

// A daily local-time window in which the campaign may send (e.g. 08:00–21:00 in
// America/Santiago). Minutes after local midnight; start == end means "always".
struct SendWindow {
  int start_minute = 0;
  int end_minute = 0;
  std::string time_zone;  // IANA name; empty = no window
  bool enabled() const { return !time_zone.empty(); }
};

struct Campaign {
  int64_t id = 0;
  std::string name;
  int64_t sender_id = 0;
  int64_t list_id = 0;
  std::string subject;
  std::string text_body;
  std::string html_body;
  std::string reply_to;
  // Telegram: how the Bot API parses the text ("" = plain, "HTML", "MarkdownV2", "Markdown").
  std::string parse_mode;
  // Relay: a provider-side template; the message is then the template rendered by the
  // provider with the contact's fields as its `model` (subject and bodies are not sent).
  std::string template_id;
  // Stored by CreateCampaign. GetCampaign fills filename, content_type and size only;
  // Store::GetAttachments returns the bytes too.
  std::vector<Attachment> attachments;
  CampaignStatus status = CampaignStatus::kDraft;
  Throttle throttle;
  DeliveryGuarantee guarantee = DeliveryGuarantee::kAtMostOnce;
  CampaignTracking tracking = CampaignTracking::kPregon;
  SendWindow window;
  std::optional<Timestamp> scheduled_at;
  std::optional<Timestamp> started_at;
  std::optional<Timestamp> completed_at;
  Timestamp created_at{};
  std::string post_reports_status = "none";  // none | pending | done | error (reports issue)

  // Checks the fields an operator gave: name, throttle ranges, window, that there is a body.
  Status Validate() const;
};

}  // namespace pregon
