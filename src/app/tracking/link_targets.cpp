#include "app/tracking/link_targets.h"

namespace pregon {

LinkTargets::Table LinkTargets::Cached(int64_t campaign_id) {
  const auto it = tables_.find(campaign_id);
  if (it == tables_.end()) return nullptr;
  recent_.splice(recent_.begin(), recent_, it->second.second);
  return it->second.first;
}

Result<std::optional<std::string>> LinkTargets::Find(int64_t campaign_id, int64_t link_id) {
  if (link_id < 1) return std::optional<std::string>();
  Table table;
  {
    MutexLock lock(mu_);
    table = Cached(campaign_id);
  }
  // A table read before all its links were saved is never the case (links are saved before
  // any message names one), but a missing id is read again rather than trusted to a cache.
  if (!table || static_cast<size_t>(link_id) > table->size()) {
    PREGON_ASSIGN_OR_RETURN(auto links, store_.ListCampaignLinks(campaign_id));
    auto fresh = std::make_shared<std::vector<std::string>>();
    for (CampaignLink& l : links) {
      if (l.id != static_cast<int64_t>(fresh->size()) + 1) break;  // ids are 1..n
      fresh->push_back(std::move(l.url));
    }
    table = fresh;
    MutexLock lock(mu_);
    if (const auto it = tables_.find(campaign_id); it != tables_.end()) {
      recent_.erase(it->second.second);
      tables_.erase(it);
    }
    recent_.push_front(campaign_id);
    tables_[campaign_id] = {table, recent_.begin()};
    if (tables_.size() > max_campaigns_) {
      tables_.erase(recent_.back());
      recent_.pop_back();
    }
  }
  if (static_cast<size_t>(link_id) > table->size()) return std::optional<std::string>();
  return std::optional<std::string>((*table)[link_id - 1]);
}

}  // namespace pregon
