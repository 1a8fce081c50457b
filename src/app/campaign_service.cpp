#include "app/campaign_service.h"

#include <set>

#include "core/duration.h"
#include "core/email.h"
#include "core/send_window.h"
#include "core/time_format.h"
#include "engine/message_renderer.h"
#include "engine/template_check.h"

namespace pregon {
namespace {

// Options only some channels can honour are refused for the others, rather than ignored.
Status CheckChannelOptions(const Campaign& c, ChannelKind kind) {
  const bool email = kind == ChannelKind::kRelay || kind == ChannelKind::kSmtp;
  if (email && c.subject.empty() && c.template_id.empty())
    return Status::InvalidArgument("an e-mail campaign needs " + Field("subject")).About("subject");
  if (!c.template_id.empty() && kind != ChannelKind::kRelay)
    return Status::InvalidField("template_id", "needs a relay sender (provider-side templates)");
  if (c.tracking == CampaignTracking::kProvider && kind != ChannelKind::kRelay)
    return Status::InvalidField("tracking",
                                "provider needs a relay sender (its own tracking); use pregon "
                                "or off");
  if (!c.parse_mode.empty() && kind != ChannelKind::kTelegram)
    return Status::InvalidField("parse_mode", "applies to telegram senders only");
  if (!c.attachments.empty() && kind == ChannelKind::kTelegram)
    return Status::InvalidArgument("telegram senders take no " + Field("attachments"))
        .About("attachments");
  if (kind == ChannelKind::kTelegram && c.text_body.empty())
    return Status::InvalidArgument("a telegram campaign needs " + Field("text") +
                                   " (HTML bodies are e-mail only)")
        .About("text");
  return Status::Ok();
}

Status CheckTemplates(AudienceStore& store, const Campaign& c) {
  std::set<std::string> fields = BuiltInTemplateFields();
  PREGON_ASSIGN_OR_RETURN(auto columns, store.ListFieldNames(c.list_id));
  fields.insert(columns.begin(), columns.end());
  PREGON_RETURN_IF_ERROR(CheckTemplate(Field("subject"), c.subject, fields).About("subject"));
  PREGON_RETURN_IF_ERROR(CheckTemplate(Field("text"), c.text_body, fields).About("text"));
  return CheckTemplate(Field("html"), c.html_body, fields).About("html");
}

DeliveryTask TaskFor(const Contact& contact, const std::string& address) {
  DeliveryTask t;
  t.contact_id = contact.id;
  t.address = address;
  t.name = contact.name;
  t.fields_json = contact.fields_json.empty() ? "{}" : contact.fields_json;
  t.attempts = 1;
  return t;
}

// NotFound for a name the operator gave is bad input, about that field.
Status NotFoundAsInvalid(const Status& s, std::string_view field) {
  if (s.code() != StatusCode::kNotFound) return s;
  return Status(StatusCode::kInvalidArgument, s.message()).InField(field);
}

}  // namespace

Status ResolveSpecText(const CampaignSpecText& t, CampaignSpec* spec) {
  auto pause = ParseDuration(t.batch_pause);
  if (!pause.ok()) return pause.status().InField("batch_pause");
  spec->throttle.batch_pause = *pause;
  PREGON_ASSIGN_OR_RETURN(spec->guarantee, ParseDeliveryGuarantee(t.guarantee));
  PREGON_ASSIGN_OR_RETURN(spec->tracking, ParseCampaignTracking(t.tracking));
  if (!t.time_zone.empty())
    PREGON_RETURN_IF_ERROR(ValidateTimeZone(t.time_zone).InField("time_zone"));
  spec->window = SendWindow{};
  if (!t.window.empty()) {
    if (t.time_zone.empty())
      return Status::InvalidField("window",
                                  "needs " + Field("time_zone") + " (e.g. America/Santiago)");
    PREGON_RETURN_IF_ERROR(ParseWindowTimes(t.window, &spec->window));
    spec->window.time_zone = t.time_zone;
  }
  spec->scheduled_at.reset();
  if (!t.scheduled_at.empty()) {
    auto at = ParseIso8601(t.scheduled_at, t.time_zone);
    if (!at.ok()) return at.status().InField("scheduled_at");
    spec->scheduled_at = *at;
  }
  return Status::Ok();
}

CampaignSpecText SpecTextOf(const CampaignSpec& spec) {
  CampaignSpecText t;
  t.batch_pause = FormatDuration(spec.throttle.batch_pause);
  t.guarantee = std::string(DeliveryGuaranteeName(spec.guarantee));
  t.tracking = std::string(CampaignTrackingName(spec.tracking));
  if (spec.window.enabled()) {
    t.window = FormatWindowTimes(spec.window);
    t.time_zone = spec.window.time_zone;
  }
  if (spec.scheduled_at) t.scheduled_at = FormatIso8601(*spec.scheduled_at);
  return t;
}

Result<Campaign> CampaignService::Build(const CampaignSpec& spec, bool check_attachments) {
  Campaign c;
  c.name = spec.name;
  c.subject = spec.subject;
  c.text_body = spec.text;
  c.html_body = spec.html;
  c.reply_to = spec.reply_to;
  c.parse_mode = spec.parse_mode;
  c.template_id = spec.template_id;
  c.attachments = spec.attachments;
  c.throttle = spec.throttle;
  c.guarantee = spec.guarantee;
  c.tracking = spec.tracking;
  c.window = spec.window;
  c.scheduled_at = spec.scheduled_at;
  c.status = spec.scheduled_at ? CampaignStatus::kScheduled : CampaignStatus::kDraft;
  if (check_attachments) {
    PREGON_RETURN_IF_ERROR(c.Validate());
  } else {
    // Attachments kept from before (metadata only) were checked when they were stored.
    Campaign without = c;
    without.attachments.clear();
    PREGON_RETURN_IF_ERROR(without.Validate());
  }
  if (!c.reply_to.empty() && !IsValidEmail(c.reply_to))
    return Status::InvalidField("reply_to", "'" + c.reply_to + "' is not a valid e-mail address");
  auto sender = stores_.senders.FindSender(spec.sender);
  if (!sender.ok()) return NotFoundAsInvalid(sender.status(), "sender");
  auto list = stores_.audience.FindList(spec.list);
  if (!list.ok()) return NotFoundAsInvalid(list.status(), "list");
  c.sender_id = sender->id;
  c.list_id = list->id;
  PREGON_RETURN_IF_ERROR(CheckChannelOptions(c, sender->kind));
  PREGON_RETURN_IF_ERROR(CheckTemplates(stores_.audience, c));
  return c;
}

Result<int64_t> CampaignService::Create(const CampaignSpec& spec) {
  PREGON_ASSIGN_OR_RETURN(Campaign c, Build(spec, /*check_attachments=*/true));
  return stores_.campaigns.CreateCampaign(c, clock_.Now());
}

Result<CampaignSpec> CampaignService::SpecOf(int64_t id) {
  PREGON_ASSIGN_OR_RETURN(Campaign c, stores_.campaigns.GetCampaign(id));
  PREGON_ASSIGN_OR_RETURN(Sender sender, stores_.senders.GetSender(c.sender_id));
  PREGON_ASSIGN_OR_RETURN(ContactList list, stores_.audience.GetList(c.list_id));
  CampaignSpec spec;
  spec.name = c.name;
  spec.sender = sender.name;
  spec.list = list.name;
  spec.subject = c.subject;
  spec.text = c.text_body;
  spec.html = c.html_body;
  spec.reply_to = c.reply_to;
  spec.parse_mode = c.parse_mode;
  spec.template_id = c.template_id;
  spec.attachments = c.attachments;
  spec.throttle = c.throttle;
  spec.guarantee = c.guarantee;
  spec.tracking = c.tracking;
  spec.window = c.window;
  spec.scheduled_at = c.scheduled_at;
  return spec;
}

Status CampaignService::Update(int64_t id, const CampaignSpec& spec, bool replace_attachments) {
  PREGON_RETURN_IF_ERROR(stores_.campaigns.GetCampaign(id).status());
  PREGON_ASSIGN_OR_RETURN(Campaign c, Build(spec, replace_attachments));
  c.id = id;
  return stores_.campaigns.UpdateCampaign(c, replace_attachments, clock_.Now());
}

Result<RenderedMessage> CampaignService::Preview(int64_t id, std::string_view contact) {
  PREGON_ASSIGN_OR_RETURN(Campaign c, stores_.campaigns.GetCampaign(id));
  PREGON_ASSIGN_OR_RETURN(Sender sender, stores_.senders.GetSender(c.sender_id));
  PREGON_ASSIGN_OR_RETURN(Contact found, stores_.audience.FindContact(contact));
  const bool telegram = sender.kind == ChannelKind::kTelegram;
  const std::string& address =
      telegram ? found.chat_id : (found.email.empty() ? found.chat_id : found.email);
  if (address.empty())
    return Status::FailedPrecondition("contact '" + std::string(contact) + "' has no " +
                                      (telegram ? "chat id" : "e-mail address") +
                                      " for this campaign");
  MessageRenderer renderer(c);
  return RenderedMessage{c, sender, renderer.Render(TaskFor(found, address))};
}

Result<SendResult> CampaignService::TestSend(int64_t id, std::string_view to,
                                             const ChannelSettings& settings) {
  PREGON_ASSIGN_OR_RETURN(std::string address, NormalizeChannelAddress(to));
  PREGON_ASSIGN_OR_RETURN(Campaign c, stores_.campaigns.GetCampaign(id));
  PREGON_ASSIGN_OR_RETURN(Sender sender, stores_.senders.GetSender(c.sender_id));
  if (!c.attachments.empty()) {
    PREGON_ASSIGN_OR_RETURN(c.attachments, stores_.campaigns.GetAttachments(id));
  }
  auto contact = stores_.audience.FindContact(address);
  if (!contact.ok() && contact.status().code() != StatusCode::kNotFound) return contact.status();
  const Contact known = contact.ok() ? *contact : Contact{};
  MessageRenderer renderer(c);
  OutgoingMessage message = renderer.Render(TaskFor(known, address));
  message.idempotency_key =
      "pregon-test-" + std::to_string(id) + "-" + std::to_string(ToUnixMillis(clock_.Now()));
  PREGON_ASSIGN_OR_RETURN(auto channel, MakeChannel(sender, settings));
  std::vector<OutgoingMessage> one{std::move(message)};
  std::vector<SendResult> results = channel->SendBatch(one);
  if (results.empty()) return Status::Internal("the channel gave no result");
  const SendResult& r = results.front();
  std::string what = "test message to " + address + ": " + std::string(SendOutcomeName(r.outcome));
  if (!r.error.empty()) what += " (" + r.error + ")";
  PREGON_RETURN_IF_ERROR(stores_.campaigns.AppendEvent(id, clock_.Now(), "test_sent", what));
  return r;
}

std::vector<Status> CampaignService::Send(const std::vector<int64_t>& ids) {
  std::vector<Status> out;
  out.reserve(ids.size());
  for (auto id : ids)
    out.push_back(
        stores_.campaigns.ApplyCampaignAction(id, CampaignAction::kSend, clock_.Now()).status());
  return out;
}

Result<CampaignStatus> CampaignService::Apply(int64_t id, CampaignAction action) {
  return stores_.campaigns.ApplyCampaignAction(id, action, clock_.Now());
}

Result<CampaignStatusView> CampaignService::GetStatus(int64_t id) {
  PREGON_ASSIGN_OR_RETURN(Campaign c, stores_.campaigns.GetCampaign(id));
  PREGON_ASSIGN_OR_RETURN(Counters k, stores_.campaigns.GetCounters(id));
  return CampaignStatusView{std::move(c), k};
}

}  // namespace pregon
