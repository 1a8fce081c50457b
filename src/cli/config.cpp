#include "cli/config.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/email.h"

namespace pregon::cli {

const std::vector<Setting>& AllSettings() {
  static const std::vector<Setting> kSettings = {
      {"DATABASE_URL", "sqlite://pregon.db",
       "database: sqlite:///abs.db, sqlite://rel.db or postgresql://... (--db)"},
      {"PREGON_LOG_LEVEL", "info", "log level: trace, debug, info, warn, error, off (--log-level)"},
      {"PREGON_LOG_FORMAT", "text",
       "text, or json: one {\"ts\",\"level\",\"msg\"} object a line (journald, Loki)"},
      {"PREGON_LISTEN", "127.0.0.1:8080",
       "HTTP listen address of `serve`: HOST:PORT or unix:/path.sock (--listen)"},
      {"PREGON_ALLOWED_HOSTS", "localhost,127.0.0.1,::1",
       "Host header values `serve` answers: comma-separated; .example.com = it and its subdomains; "
       "* = any"},
      {"PREGON_HTTP_MAX_BODY", "16MiB",
       "largest HTTP request body (413 beyond), e.g. a CSV upload"},
      {"PREGON_HTTP_THREADS", "16",
       "HTTP requests handled at once (idle connections and event streams hold no thread)"},
      {"PREGON_HTTP_MAX_CONNECTIONS", "10000", "HTTP connections open at once, in all"},
      {"PREGON_HTTP_MAX_CONNECTIONS_PER_CLIENT", "256",
       "HTTP connections open at once from one client address (PREGON_TRUSTED_PROXIES excepted)"},
      {"PREGON_HTTP_HEAD_TIMEOUT", "10s",
       "a request's head must arrive whole within this (slow senders are disconnected)"},
      {"PREGON_HTTP_MAX_STREAMS", "1000", "event streams open at once in all (503 beyond)"},
      {"PREGON_HTTP_STREAMS_PER_USER", "4", "event streams one user may have open at once"},
      {"PREGON_SSE_IDLE_END", "10m",
       "an event stream with no news this long ends (the browser reconnects by itself)"},
      {"PREGON_SESSION_TTL", "12h", "how long an admin UI login lasts"},
      {"PREGON_TRUSTED_PROXIES", "",
       "proxies whose X-Forwarded-For names the client: comma-separated addresses or CIDRs, "
       "'unix' for a Unix-socket peer (nginx on this host: unix or 127.0.0.1); empty = none"},
      {"PREGON_LOGIN_CONCURRENCY", "1",
       "password checks (argon2id) `serve` runs at once; logins beyond get 503 and retry"},
      {"PREGON_COOKIE_SECURE", "true",
       "mark the session cookie Secure (HTTPS only); false only for plain-HTTP tests"},
      {"PREGON_WORKER_CONCURRENCY", "2",
       "ranges a process works at once, one thread each (--concurrency)"},
      {"PREGON_LEASE_TTL", "30s",
       "how long a claimed range stays owned without renewal (--lease-ttl)"},
      {"PREGON_MAX_RESCUES", "5",
       "leases expired with deliveries in flight after which a range is parked as failed"},
      {"PREGON_POLL_INTERVAL", "500ms",
       "longest idle sleep before looking for work made by other processes"},
      {"PREGON_IDLE_MAX_WAIT", "60s",
       "worker --until-idle waits for work due within this long, then exits"},
      {"PREGON_CONNECT_TIMEOUT", "5s", "provider connection timeout"},
      {"PREGON_REQUEST_TIMEOUT", "30s", "provider request timeout (then the send is retried)"},
      {"PREGON_RETRY_BASE_DELAY", "2s",
       "first retry of a transient failure after about this long (doubling, max 5m)"},
      {"PREGON_CA_FILE", "",
       "PEM file of certificate authorities to trust for providers' TLS (HTTPS, SMTPS, STARTTLS); "
       "empty = the system's"},
      {"PREGON_DNS_SERVER", "",
       "DNS server `doctor` asks for the mail domains' SPF, DMARC and DKIM records: an IPv4 "
       "address[:port], for split-horizon DNS or tests; empty = the system's (/etc/resolv.conf)"},
      {"PREGON_DKIM_SELECTORS", "default,selector1,selector2,google,k1,s1,s2",
       "DKIM selectors `doctor` looks for a key at (<selector>._domainkey.<domain>), "
       "comma-separated: add your provider's; empty = DKIM not checked"},
      {"PREGON_PUBLIC_URL", "",
       "https base URL of `serve` as recipients reach it: e-mails then carry its open pixel "
       "(/t/o), tracked links (/t/c) and one-click unsubscribe (/u), signed with "
       "PREGON_SECRET_KEY; empty = no tracking (http only for loopback addresses)"},
      {"PREGON_UNSUBSCRIBE_BASE_URL", "",
       "base URL of the one-click unsubscribe link (/u/{token}, RFC 8058) when not "
       "PREGON_PUBLIC_URL; empty = PREGON_PUBLIC_URL, or mailto only when that is empty too"},
      {"PREGON_TRACKING", "on",
       "off: no open pixel or tracked links in any campaign (the unsubscribe link stays)"},
      {"PREGON_TRACKING_TOO_SOON", "2s",
       "an open or click this soon after its send is counted as a machine's (0s = no rule)"},
      {"PREGON_WEBHOOK_SECRET", "",
       "shared secret of POST /hooks/bounce (HMAC-SHA-256 signed bounces and complaints); "
       "empty = that endpoint answers 404"},
      {"PREGON_SES_WEBHOOK", "off", "on: answer POST /hooks/ses (Amazon SES through SNS)"},
      {"PREGON_SENDGRID_WEBHOOK_KEY", "",
       "SendGrid's Event Webhook verification key (base64); empty = /hooks/sendgrid answers 404"},
      {"PREGON_POSTMARK_WEBHOOK_AUTH", "",
       "user:password Postmark's webhook sends (HTTP Basic); empty = /hooks/postmark answers 404"},
      {"PREGON_MAILGUN_WEBHOOK_KEY", "",
       "Mailgun's webhook signing key; empty = /hooks/mailgun answers 404"},
      {"PREGON_FEEDBACK_THRESHOLDS", "hard=1,complaint=1,soft=3/7d",
       "suppress an address after this many hard bounces, complaints, or soft bounces within "
       "the window"},
      {"PREGON_PG_POOL_SIZE", "0",
       "PostgreSQL connections a process opens at most; 0 = worker concurrency + 2"},
      {"PREGON_PG_RECONNECT_WINDOW", "60s",
       "how long a PostgreSQL call keeps retrying a lost connection before failing"},
      {"PREGON_SQLITE_SYNCHRONOUS", "NORMAL",
       "SQLite durability: NORMAL (survives process crashes) or FULL (also power loss)"},
      {"PREGON_POST_REPORTS_DELAY", "1h",
       "how long after a campaign finishes its provider reports are asked for"},
      {"ANALYTICS_DATABASE_URL", "",
       "a second database provider reports may be loaded into (report load --alias analytics)"},
      {"PREGON_SLOT_TZ", "UTC",
       "the time zone of hour slots: a run for hour H starts at H:00 there (IANA name)"},
      {"PREGON_SLOT_PENDING_FACTOR", "0.08",
       "a reservation's estimated pending items = its monthly orders estimate x this (0-10)"},
      {"PREGON_SECRET_KEY", "",
       "64 hex digits (openssl rand -hex 32) sealing secret job parameters; keep it secret and "
       "the same on every node"},
      {"PREGON_JOB_THREADS", "2",
       "slot job calls (prepare, range) this process runs at once; limiter pools bound them "
       "across all nodes; 0 = none here"},
      {"PREGON_DATA_DIR", "data", "where downloaded provider reports are kept (reports/...)"},
      {"PREGON_REPORTS_POLL_INITIAL", "5s",
       "first wait before asking a provider whether a report is ready"},
      {"PREGON_REPORTS_POLL_MAX", "15s", "longest wait between two such questions"},
      {"PREGON_REPORTS_POLL_TOTAL", "900s",
       "a report not ready this long after it was asked for is given up (error)"},
      {"PREGON_KEEP_EVENTS", "90d",
       "campaign events older than this are deleted daily by serve and workers (off = kept)"},
      {"PREGON_KEEP_TRACKING", "180d",
       "hourly open/click counts and bounce/complaint rows older than this are deleted daily "
       "(off = kept)"},
  };
  return kSettings;
}

std::optional<std::string> GetEnv(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

Result<std::map<std::string, std::string>> Config::ParseDotenv(std::string_view content) {
  std::map<std::string, std::string> out;
  std::istringstream in{std::string(content)};
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::string_view l = TrimAscii(line);
    if (l.empty() || l.front() == '#') continue;
    if (l.substr(0, 7) == "export ") l = TrimAscii(l.substr(7));
    auto eq = l.find('=');
    if (eq == std::string_view::npos || eq == 0)
      return Status::InvalidArgument(".env line " + std::to_string(n) + ": expected KEY=VALUE");
    std::string key(TrimAscii(l.substr(0, eq)));
    std::string_view value = TrimAscii(l.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    out[key] = std::string(value);
  }
  return out;
}

Result<Config> Config::Load(const std::string& dotenv_path,
                            std::optional<std::string> (*environ_lookup)(const char*)) {
  Config c;
  for (const auto& s : AllSettings())
    if (auto v = environ_lookup(s.env)) c.environ_[s.env] = *v;
  std::error_code ec;
  if (!dotenv_path.empty() && std::filesystem::exists(dotenv_path, ec)) {
    std::ifstream in(dotenv_path);
    std::stringstream buf;
    buf << in.rdbuf();
    auto parsed = ParseDotenv(buf.str());
    if (!parsed.ok()) return parsed.status().WithContext(dotenv_path);
    c.dotenv_ = std::move(parsed).value();
  }
  return c;
}

std::string Config::Get(const std::string& env) const {
  for (const auto* m : {&flags_, &environ_, &dotenv_}) {
    auto it = m->find(env);
    if (it != m->end()) return it->second;
  }
  for (const auto& s : AllSettings())
    if (env == s.env) return s.default_value;
  return "";
}

std::string Config::SourceOf(const std::string& env) const {
  if (flags_.count(env)) return "flag";
  if (environ_.count(env)) return "environment";
  if (dotenv_.count(env)) return ".env";
  return "default";
}

std::string SettingsHelp() {
  std::ostringstream out;
  out << "Settings (flag > environment > .env file in the working directory > default):\n";
  for (const auto& s : AllSettings())
    out << "  " << s.env << " (default " << (*s.default_value ? s.default_value : "none")
        << ")\n      " << s.help << "\n";
  return out.str();
}

}  // namespace pregon::cli
