// CampaignService: the campaign use cases shared by the CLI and the HTTP API — create
// (validated in full before anything is stored), send now (one or many), pause, resume,
// cancel, and status with exact counters.
//
// Thread-safety: as safe as the Store it uses.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/campaign.h"
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
  Throttle throttle;
  DeliveryGuarantee guarantee = DeliveryGuarantee::kAtMostOnce;
  SendWindow window;
  std::optional<Timestamp> scheduled_at;
};

struct CampaignStatusView {
  Campaign campaign;
  Counters counters;
};

class CampaignService {
 public:
  CampaignService(Store& store, Clock& clock) : store_(store), clock_(clock) {}

  // Creates the campaign as draft, or scheduled when scheduled_at is set. NotFound for an
  // unknown sender or list, InvalidArgument for bad fields; nothing is stored then.
  Result<int64_t> Create(const CampaignSpec& spec);

  // "Send now" for each id, independently: returns one status per id (OK or why not), so
  // one bad id in a multi-select does not stop the others.
  std::vector<Status> Send(const std::vector<int64_t>& ids);

  Result<CampaignStatus> Apply(int64_t id, CampaignAction action);
  Result<CampaignStatusView> GetStatus(int64_t id);

 private:
  Store& store_;
  Clock& clock_;
};

}  // namespace pregon
