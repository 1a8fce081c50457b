// LinkTargets: where a tracked click goes — the URL of a campaign's link, read from its stored
// link table (TrackingStore::ListCampaignLinks), never from the request. Tables are cached
// per campaign (they never change once saved), the least recently used dropped beyond
// max_campaigns, so a redirect usually costs no database read.
//
// Thread-safety: Find may be called from any thread.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/mutex.h"
#include "core/thread_annotations.h"
#include "store/roles/tracking_store.h"

namespace pregon {

class LinkTargets {
 public:
  explicit LinkTargets(TrackingStore& store, size_t max_campaigns = 256)
      : store_(store), max_campaigns_(max_campaigns) {}

  // The URL of link `link_id` of the campaign; nullopt when it has no such link.
  Result<std::optional<std::string>> Find(int64_t campaign_id, int64_t link_id);

 private:
  using Table = std::shared_ptr<const std::vector<std::string>>;  // [link id - 1]
  Table Cached(int64_t campaign_id) REQUIRES(mu_);

  TrackingStore& store_;
  const size_t max_campaigns_;
  Mutex mu_;
  std::list<int64_t> recent_ GUARDED_BY(mu_);  // most recently used first
  std::unordered_map<int64_t, std::pair<Table, std::list<int64_t>::iterator>> tables_
      GUARDED_BY(mu_);
};

}  // namespace pregon
