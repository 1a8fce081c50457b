// CampaignNames: the names of the senders and lists campaigns point at, looked up once per
// request however many campaigns a listing shows. A name that cannot be read is "".
//
// Not thread-safe; one per request.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "store/store.h"

namespace pregon::http {

class CampaignNames {
 public:
  explicit CampaignNames(Store& store) : store_(store) {}
  std::string Sender(int64_t id);
  std::string List(int64_t id);

 private:
  Store& store_;
  bool senders_read_ = false;
  std::map<int64_t, std::string> senders_, lists_;
};

}  // namespace pregon::http
