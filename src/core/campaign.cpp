#include "core/campaign.h"

#include <array>
#include <utility>

#include "core/text.h"

namespace pregon {

namespace {
constexpr std::array<std::pair<CampaignStatus, std::string_view>, 9> kStatusNames = {{
    {CampaignStatus::kDraft, "draft"},
    {CampaignStatus::kScheduled, "scheduled"},
    {CampaignStatus::kQueued, "queued"},
    {CampaignStatus::kSending, "sending"},
    {CampaignStatus::kPaused, "paused"},
    {CampaignStatus::kDone, "done"},
    {CampaignStatus::kPartial, "partial"},
    {CampaignStatus::kFailed, "failed"},
    {CampaignStatus::kCancelled, "cancelled"},
}};
}  // namespace

std::string_view CampaignStatusName(CampaignStatus s) {
  for (const auto& [status, name] : kStatusNames)
    if (status == s) return name;
  return "?";
}

Result<CampaignStatus> ParseCampaignStatus(std::string_view name) {
  for (const auto& [status, n] : kStatusNames)
    if (n == name) return status;
  return Status::InvalidArgument("unknown campaign status '" + std::string(name) + "'");
}

Result<std::vector<CampaignStatus>> ParseCampaignStatusList(std::string_view list) {
  std::vector<CampaignStatus> out;
  while (!list.empty()) {
    const auto comma = list.find(',');
    PREGON_ASSIGN_OR_RETURN(CampaignStatus s, ParseCampaignStatus(list.substr(0, comma)));
    out.push_back(s);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return out;
}

bool IsFinal(CampaignStatus s) {
  return s == CampaignStatus::kDone || s == CampaignStatus::kPartial ||
         s == CampaignStatus::kFailed || s == CampaignStatus::kCancelled;
}

CampaignStatus FinalStatusFor(const Counters& c) {
  const int64_t bad = c.failed + c.unknown + c.pending;
  if (bad == 0) return CampaignStatus::kDone;
  return c.sent == 0 ? CampaignStatus::kFailed : CampaignStatus::kPartial;
}

std::string_view CampaignActionName(CampaignAction a) {
  switch (a) {
    case CampaignAction::kSchedule:
      return "schedule";
    case CampaignAction::kSend:
      return "send";
    case CampaignAction::kStart:
      return "start";
    case CampaignAction::kPause:
      return "pause";
    case CampaignAction::kResume:
      return "resume";
    case CampaignAction::kCancel:
      return "cancel";
  }
  return "?";
}

Result<CampaignStatus> ApplyAction(CampaignStatus from, CampaignAction action, bool snapshotted) {
  using S = CampaignStatus;
  std::optional<S> to;
  switch (action) {
    case CampaignAction::kSchedule:
      if (from == S::kDraft || from == S::kScheduled) to = S::kScheduled;
      break;
    case CampaignAction::kSend:  // "send now", also early on a scheduled campaign
      if (from == S::kDraft || from == S::kScheduled) to = S::kQueued;
      break;
    case CampaignAction::kStart:  // a worker snapshotted the audience
      if (from == S::kQueued) to = S::kSending;
      break;
    case CampaignAction::kPause:
      if (from == S::kSending || from == S::kQueued) to = S::kPaused;
      break;
    case CampaignAction::kResume:
      if (from == S::kPaused) to = snapshotted ? S::kSending : S::kQueued;
      break;
    case CampaignAction::kCancel:
      if (!IsFinal(from)) to = S::kCancelled;
      break;
  }
  if (to) return *to;
  return Status::FailedPrecondition("cannot " + std::string(CampaignActionName(action)) +
                                    " a campaign that is " + std::string(CampaignStatusName(from)));
}

std::string_view DeliveryGuaranteeName(DeliveryGuarantee g) {
  return g == DeliveryGuarantee::kAtLeastOnce ? "at_least_once" : "at_most_once";
}

Result<DeliveryGuarantee> ParseDeliveryGuarantee(std::string_view name) {
  if (name == "at_most_once") return DeliveryGuarantee::kAtMostOnce;
  if (name == "at_least_once") return DeliveryGuarantee::kAtLeastOnce;
  return Status::InvalidField(
      "guarantee", "must be at_most_once or at_least_once, not '" + std::string(name) + "'");
}

std::string_view CampaignTrackingName(CampaignTracking t) {
  switch (t) {
    case CampaignTracking::kPregon:
      return "pregon";
    case CampaignTracking::kProvider:
      return "provider";
    case CampaignTracking::kOff:
      return "off";
  }
  return "pregon";
}

Result<CampaignTracking> ParseCampaignTracking(std::string_view name) {
  for (auto t : {CampaignTracking::kPregon, CampaignTracking::kProvider, CampaignTracking::kOff})
    if (name == CampaignTrackingName(t)) return t;
  return Status::InvalidField("tracking",
                              "must be pregon, provider or off, not '" + LogSafe(name, 40) + "'");
}

Status Campaign::Validate() const {
  if (name.empty()) return Status::InvalidArgument("campaign name is empty").About("name");
  if (name.size() > 200)
    return Status::InvalidArgument("campaign name is longer than 200 characters").About("name");
  if (HasControlByte(name))
    return Status::InvalidField("name", "must not contain control characters (CR, LF, NUL, tab)");
  if (throttle.batch_size < 1 || throttle.batch_size > 100'000)
    return Status::InvalidField("batch_size", "must be between 1 and 100000");
  if (throttle.batch_pause.count() < 0) return Status::InvalidField("batch_pause", "must be >= 0");
  if (throttle.rate < 0) return Status::InvalidField("rate", "must be >= 0");
  if (throttle.max_attempts < 1 || throttle.max_attempts > 100)
    return Status::InvalidField("max_attempts", "must be between 1 and 100");
  if (text_body.empty() && html_body.empty() && template_id.empty())
    return Status::InvalidArgument("a campaign needs a body: " + Field("text") + ", " +
                                   Field("html") + " or " + Field("template_id"))
        .About("text");
  if (!parse_mode.empty() && parse_mode != "HTML" && parse_mode != "MarkdownV2" &&
      parse_mode != "Markdown")
    return Status::InvalidField("parse_mode",
                                "must be HTML, MarkdownV2 or Markdown, not '" + parse_mode + "'");
  if (template_id.size() > 200)
    return Status::InvalidField("template_id", "is longer than 200 characters");
  PREGON_RETURN_IF_ERROR(ValidateAttachments(attachments).About("attachments"));
  if (subject.size() > 998) return Status::InvalidField("subject", "is longer than 998 characters");
  return Status::Ok();
}

}  // namespace pregon
