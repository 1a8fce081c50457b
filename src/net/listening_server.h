// ListeningServer: a cpp-httplib server with the life cycle pregon's servers need — bind to
// a TCP port or a Unix domain socket, serve on a background thread, stop from any thread
// (a signal watcher), and wait until every handler has returned.
//
// What it adds to httplib::Server 0.11 (Debian 12), and why:
//  - a listen backlog of 4096 instead of the 5 compiled into the library (a client opening
//    hundreds of connections at once would otherwise see SYNs dropped and retried 1 s later);
//  - keep-alive connections serve any number of requests (httplib closes them after 5) and
//    TCP_NODELAY is on;
//  - SO_REUSEADDR without SO_REUSEPORT (httplib's default), so a busy port is an error
//    instead of two servers silently sharing the traffic;
//  - Unix sockets: httplib binds AF_UNIX when its address family is set, but leaves a stale
//    socket file from a crashed run in the way and creates the socket 0755 (nobody else may
//    connect); Start removes a stale file (never one a live server answers on), makes the
//    socket 0660 (the owner's group — e.g. nginx's — may connect) and Stop removes it;
//  - stop() closes the listening socket, but an accept() entered just before can stay
//    blocked in the kernel; Stop wakes it with a throw-away connection.
//
// Handlers are registered on it as on any httplib::Server, before Start().
// Thread-safety: Start once; Stop, Wait and port from any thread.
#pragma once

#include <httplib.h>

#include <atomic>
#include <thread>

#include "core/mutex.h"
#include "core/status.h"
#include "net/listen_address.h"

namespace pregon {

class ListeningServer : public httplib::Server {
 public:
  ListeningServer();
  ~ListeningServer() override;  // Stop() and Wait()
  ListeningServer(const ListeningServer&) = delete;
  ListeningServer& operator=(const ListeningServer&) = delete;

  // Binds `address`, starts serving on a background thread and returns once connections are
  // being accepted. Unavailable when the address cannot be bound (in use, no permission).
  // A Stop() that came first makes it return OK without serving. REQUIRES: called once.
  Status Start(const ListenAddress& address);

  // The bound TCP port (the free one chosen for port 0); 0 for a Unix socket or before Start.
  int port() const { return port_.load(); }

  // Stops accepting; connections in progress finish (idle keep-alive ones are closed within
  // the keep-alive timeout). Safe to call more than once, and before or during Start.
  void Stop();

  // Blocks until the serving thread has ended. Returns at once if it never started.
  void Wait();

 private:
  void WakeAcceptLoop() const;
  Status BindUnix(const std::string& path);

  ListenAddress address_;
  std::atomic<int> port_{0};
  std::atomic<bool> started_{false};
  std::atomic<bool> listen_returned_{false};
  std::atomic<bool> stop_requested_{false};
  Mutex wait_mu_;  // one joiner at a time
  std::thread thread_;
};

}  // namespace pregon
