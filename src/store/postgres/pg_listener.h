// PgListener: a dedicated connection that LISTENs on one NOTIFY channel (a connection with
// a LISTEN cannot be shared by the pool: notifications arrive between transactions).
//
// Thread-safety: none; PostgresStore lets one thread at a time wait.
#pragma once

#include <pqxx/pqxx>
#include <string>

#include "core/clock.h"

namespace pregon::store {

class PgListener {
 public:
  // Connects and LISTENs. Throws pqxx::failure when it cannot.
  PgListener(const std::string& url, const std::string& channel);

  // Waits up to `timeout` for notifications on the channel; true when at least one came
  // (all that are queued are consumed). Throws pqxx::broken_connection when the connection
  // is lost (make a new PgListener then).
  bool Wait(Millis timeout);

 private:
  class Receiver final : public pqxx::notification_receiver {
   public:
    Receiver(pqxx::connection_base& conn, const std::string& channel, bool& flag)
        : pqxx::notification_receiver(conn, channel), flag_(flag) {}
    void operator()(const std::string&, int) override { flag_ = true; }

   private:
    bool& flag_;
  };

  pqxx::connection conn_;
  bool notified_ = false;
  Receiver receiver_;
};

}  // namespace pregon::store
