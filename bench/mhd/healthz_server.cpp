// A /healthz server on GNU libmicrohttpd (Debian's 0.9.75), as its documentation suggests
// serving many connections: one epoll thread pool, connection limits, a connection timeout.
// It exists only to compare libmicrohttpd with pregon's transport on the same figures
// (bench/transport_compare.sh); pregon does not link it.
// Build: g++ -O2 -o healthz_server healthz_server.cpp -lmicrohttpd
// Usage: healthz_server PORT [threads=2] [timeout_s=10]
#include <microhttpd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace {

const char kBody[] = "{\"status\":\"ok\"}";

MHD_Result Answer(void*, MHD_Connection* connection, const char*, const char*, const char*,
                  const char*, size_t*, void**) {
  MHD_Response* response = MHD_create_response_from_buffer(
      sizeof kBody - 1, const_cast<char*>(kBody), MHD_RESPMEM_PERSISTENT);
  MHD_add_response_header(response, "Content-Type", "application/json");
  const MHD_Result ret = MHD_queue_response(connection, MHD_HTTP_OK, response);
  MHD_destroy_response(response);
  return ret;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s PORT [threads] [timeout_s]\n", argv[0]);
    return 2;
  }
  const unsigned port = static_cast<unsigned>(std::atoi(argv[1]));
  const unsigned threads = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 2;
  const unsigned timeout = argc > 3 ? static_cast<unsigned>(std::atoi(argv[3])) : 10;
  MHD_Daemon* d = MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, static_cast<uint16_t>(port), nullptr,
      nullptr, &Answer, nullptr, MHD_OPTION_THREAD_POOL_SIZE, threads,
      MHD_OPTION_CONNECTION_LIMIT, 20000u, MHD_OPTION_CONNECTION_TIMEOUT, timeout,
      MHD_OPTION_END);
  if (!d) {
    std::fprintf(stderr, "cannot start on port %u\n", port);
    return 1;
  }
  std::printf("listening on %u\n", port);
  std::fflush(stdout);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigprocmask(SIG_BLOCK, &set, nullptr);
  int sig = 0;
  sigwait(&set, &sig);
  MHD_stop_daemon(d);
  return 0;
}
