#include "http/campaign_names.h"

namespace pregon::http {

std::string CampaignNames::Sender(int64_t id) {
  if (!senders_read_) {
    senders_read_ = true;
    if (auto all = store_.ListSenders(); all.ok())
      for (const auto& s : *all) senders_[s.id] = s.name;
  }
  auto it = senders_.find(id);
  return it == senders_.end() ? "" : it->second;
}

std::string CampaignNames::List(int64_t id) {
  auto it = lists_.find(id);
  if (it != lists_.end()) return it->second;
  auto name = store_.GetListName(id);
  return lists_[id] = name.ok() ? *name : "";
}

}  // namespace pregon::http
