// CampaignService: the campaign use cases shared by the CLI and the HTTP API — create
// (validated in full before anything is stored, templates included), send now (one or
// many), pause, resume, cancel, status with exact counters, preview for one contact and a
// test send to one address.
//
// Thread-safety: as safe as the Store it uses.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "channels/channel.h"
#include "channels/channel_factory.h"
#include "core/campaign.h"
#include "core/clock.h"
#include "store/roles/audience_store.h"
#include "store/roles/campaign_store.h"
#include "store/roles/sender_store.h"
#include "store/store.h"

namespace pregon {

// A campaign as an operator describes it: sender and list by name, bodies inline.
struct CampaignSpec {
  std::string name;
  std::string sender;
  std::string list;
  std::string subject;
  std::string text;
  std::string html;
  std::string reply_to;
  std::string parse_mode;               // telegram only
  std::string template_id;              // relay only
  std::vector<Attachment> attachments;  // e-mail only (LoadAttachments)
  Throttle throttle;
  DeliveryGuarantee guarantee = DeliveryGuarantee::kAtMostOnce;
  CampaignTracking tracking = CampaignTracking::kPregon;
  SendWindow window;
  std::optional<Timestamp> scheduled_at;
};

// The parts of a CampaignSpec operators write as text (CLI flags, API JSON strings).
struct CampaignSpecText {
  std::string batch_pause = "0s";  // a duration: "12m"
  std::string guarantee = "at_most_once";
  std::string tracking = "pregon";  // pregon | provider (relay only) | off
  std::string window;               // "08:00-21:00"; needs time_zone
  std::string time_zone;            // IANA name, for window and scheduled_at
  std::string scheduled_at;         // ISO 8601; without a zone: time_zone, else UTC
};

// Parses `text` into `spec` (throttle.batch_pause, guarantee, tracking, window,
// scheduled_at).
// InvalidArgument naming the flag (--batch-pause, --guarantee, --window, --tz,
// --scheduled-at) otherwise.
Status ResolveSpecText(const CampaignSpecText& text, CampaignSpec* spec);

// The text form of `spec`'s resolved fields (what ResolveSpecText would read back into the
// same values), so an edit can change one of them and resolve them all again.
CampaignSpecText SpecTextOf(const CampaignSpec& spec);

// A campaign rendered for one recipient, as it would be sent.
struct RenderedMessage {
  Campaign campaign;
  Sender sender;
  OutgoingMessage message;
};

struct CampaignStatusView {
  Campaign campaign;
  Counters counters;
};

// The store roles campaigns are made and run through: the campaigns themselves, and reads
// of senders and of the audience (lists, contacts, their field names). A Store plays all
// three.
struct CampaignServiceStores {
  CampaignServiceStores(Store& store)  // NOLINT: implicit, as a Store plays every role
      : campaigns(store), senders(store), audience(store) {}
  CampaignServiceStores(CampaignStore& c, SenderStore& s, AudienceStore& a)
      : campaigns(c), senders(s), audience(a) {}

  CampaignStore& campaigns;
  SenderStore& senders;
  AudienceStore& audience;
};

class CampaignService {
 public:
  CampaignService(CampaignServiceStores stores, Clock& clock) : stores_(stores), clock_(clock) {}

  // Creates the campaign as draft, or scheduled when scheduled_at is set. InvalidArgument
  // for an unknown sender or list (naming --sender or --list) and for bad fields — among
  // them a subject or body template that does not parse or names a field that is neither
  // built in (name, email, address) nor a column of the list's contacts, with the error's
  // line and column, and options the sender's channel cannot honour. Nothing is stored then.
  Result<int64_t> Create(const CampaignSpec& spec);

  // The spec campaign `id` was made from (sender and list by name, attachments without
  // their bytes), to edit and give back to Update. NotFound.
  Result<CampaignSpec> SpecOf(int64_t id);

  // Replaces campaign `id` with `spec`, validated exactly as Create does, while it is draft
  // or scheduled (FailedPrecondition afterwards; NotFound). It becomes scheduled when
  // scheduled_at is set, draft otherwise. Attachments are replaced only when
  // replace_attachments. Nothing changes on failure.
  Status Update(int64_t id, const CampaignSpec& spec, bool replace_attachments);

  // Renders campaign `id` for the contact whose e-mail or chat id is `contact` (NotFound
  // when there is none). Changes nothing.
  Result<RenderedMessage> Preview(int64_t id, std::string_view contact);

  // Sends campaign `id` once to `to` (an e-mail address or chat id, suppressed or not)
  // through its sender, rendered for the contact with that address when there is one, else
  // with only the address known. Counters are untouched; a "test_sent" event is logged.
  // The provider's refusal comes back as the SendResult, not as an error.
  Result<SendResult> TestSend(int64_t id, std::string_view to, const ChannelSettings& settings);

  // "Send now" for each id, independently: returns one status per id (OK or why not), so
  // one bad id in a multi-select does not stop the others.
  std::vector<Status> Send(const std::vector<int64_t>& ids);

  Result<CampaignStatus> Apply(int64_t id, CampaignAction action);
  Result<CampaignStatusView> GetStatus(int64_t id);

 private:
  // The campaign `spec` describes, checked in full (everything Create checks).
  Result<Campaign> Build(const CampaignSpec& spec, bool check_attachments);

  CampaignServiceStores stores_;
  Clock& clock_;
};

}  // namespace pregon
