#include "app/campaign_service.h"

#include "core/email.h"

namespace pregon {

Result<int64_t> CampaignService::Create(const CampaignSpec& spec) {
  Campaign c;
  c.name = spec.name;
  c.subject = spec.subject;
  c.text_body = spec.text;
  c.html_body = spec.html;
  c.reply_to = spec.reply_to;
  c.throttle = spec.throttle;
  c.guarantee = spec.guarantee;
  c.window = spec.window;
  c.scheduled_at = spec.scheduled_at;
  c.status = spec.scheduled_at ? CampaignStatus::kScheduled : CampaignStatus::kDraft;
  PREGON_RETURN_IF_ERROR(c.Validate());
  if (!c.reply_to.empty() && !IsValidEmail(c.reply_to))
    return Status::InvalidArgument("--reply-to '" + c.reply_to + "' is not a valid e-mail address");
  PREGON_ASSIGN_OR_RETURN(Sender sender, store_.FindSender(spec.sender));
  PREGON_ASSIGN_OR_RETURN(ContactList list, store_.FindList(spec.list));
  if ((sender.kind == ChannelKind::kRelay || sender.kind == ChannelKind::kSmtp) && c.subject.empty())
    return Status::InvalidArgument("an e-mail campaign needs --subject");
  c.sender_id = sender.id;
  c.list_id = list.id;
  return store_.CreateCampaign(c, clock_.Now());
}

std::vector<Status> CampaignService::Send(const std::vector<int64_t>& ids) {
  std::vector<Status> out;
  for (auto id : ids)
    out.push_back(store_.ApplyCampaignAction(id, CampaignAction::kSend, clock_.Now()).status());
  return out;
}

Result<CampaignStatus> CampaignService::Apply(int64_t id, CampaignAction action) {
  return store_.ApplyCampaignAction(id, action, clock_.Now());
}

Result<CampaignStatusView> CampaignService::GetStatus(int64_t id) {
  PREGON_ASSIGN_OR_RETURN(Campaign c, store_.GetCampaign(id));
  PREGON_ASSIGN_OR_RETURN(Counters k, store_.GetCounters(id));
  return CampaignStatusView{std::move(c), k};
}

}  // namespace pregon
