#include "store/postgres/pg_listener.h"

namespace pregon::store {

PgListener::PgListener(const std::string& url, const std::string& channel)
    : conn_(url), receiver_(conn_, channel, notified_) {}

bool PgListener::Wait(Millis timeout) {
  notified_ = false;
  if (conn_.get_notifs() == 0 && timeout.count() > 0) {
    conn_.await_notification(timeout.count() / 1000, (timeout.count() % 1000) * 1000);
  }
  // libpqxx reports a dead connection here only as "nothing arrived"; say it.
  if (!conn_.is_open()) throw pqxx::broken_connection("the LISTEN connection was closed");
  return notified_;
}

}  // namespace pregon::store
