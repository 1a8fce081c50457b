#include "http/stream_slots.h"

namespace pregon::http {

std::unique_ptr<StreamSlots::Slot> StreamSlots::Take(int64_t user_id, Refusal* why) {
  MutexLock lock(mu_);
  int& mine = by_user_[user_id];
  *why = mine >= per_user_ ? Refusal::kUserFull
         : open_ >= total_ ? Refusal::kServerFull
                           : Refusal::kNone;
  if (*why != Refusal::kNone) {
    if (mine == 0) by_user_.erase(user_id);
    return nullptr;
  }
  ++mine;
  ++open_;
  return std::unique_ptr<Slot>(new Slot(*this, user_id));
}

void StreamSlots::Release(int64_t user_id) {
  MutexLock lock(mu_);
  auto it = by_user_.find(user_id);
  if (it != by_user_.end() && --it->second == 0) by_user_.erase(it);
  --open_;
}

int StreamSlots::open() const {
  MutexLock lock(mu_);
  return open_;
}

}  // namespace pregon::http
