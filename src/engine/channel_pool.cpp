#include "engine/channel_pool.h"

namespace pregon {

std::unique_ptr<Channel> ChannelPool::Take(int64_t sender_id) {
  MutexLock lock(mu_);
  auto it = idle_.find(sender_id);
  if (it == idle_.end() || it->second.empty()) return nullptr;
  std::unique_ptr<Channel> channel = std::move(it->second.back());
  it->second.pop_back();
  return channel;
}

void ChannelPool::GiveBack(int64_t sender_id, std::unique_ptr<Channel> channel) {
  if (channel == nullptr || channel->pending() > 0) return;  // closed here, outside the lock
  MutexLock lock(mu_);
  idle_[sender_id].push_back(std::move(channel));
}

size_t ChannelPool::idle(int64_t sender_id) const {
  MutexLock lock(mu_);
  auto it = idle_.find(sender_id);
  return it == idle_.end() ? 0 : it->second.size();
}

}  // namespace pregon
