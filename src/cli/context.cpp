#include "cli/context.h"

#include <fstream>
#include <iostream>

#include "core/duration.h"
#include "core/text.h"
#include "core/url.h"
#include "store/store_factory.h"

namespace pregon::cli {

Result<int> IntSetting(const std::string& name, const std::string& value, int min, int max) {
  try {
    size_t used = 0;
    int v = std::stoi(value, &used);
    if (used == value.size() && v >= min && v <= max) return v;
  } catch (const std::exception&) {
  }
  return Status::InvalidArgument(name + " must be a whole number from " + std::to_string(min) +
                                 " to " + std::to_string(max) + ", not '" + value + "'");
}

Result<size_t> ByteSizeSetting(const std::string& name, const std::string& value) {
  static const std::pair<const char*, size_t> kUnits[] = {{"GiB", size_t{1} << 30},
                                                          {"MiB", size_t{1} << 20},
                                                          {"KiB", size_t{1} << 10},
                                                          {"G", size_t{1} << 30},
                                                          {"M", size_t{1} << 20},
                                                          {"K", size_t{1} << 10},
                                                          {"", 1}};
  for (const auto& [suffix, factor] : kUnits) {
    const std::string s(suffix);
    if (value.size() <= s.size() || value.compare(value.size() - s.size(), s.size(), s) != 0)
      continue;
    const std::string digits = value.substr(0, value.size() - s.size());
    if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 12) break;
    const size_t n = std::stoull(digits) * factor;
    if (n == 0) break;
    return n;
  }
  return Status::InvalidArgument(
      name + " must be a size in bytes such as 1048576, 512KiB or 16MiB, not '" + value + "'");
}

static Result<int> ParseCount(const std::string& name, const std::string& value, int max) {
  return IntSetting(name, value, 0, max);
}

// The pool fits the process: one connection per worker thread, plus the lease heartbeat and
// the control loop (the LISTEN connection is separate).
static Status PostgresSettings(const Config& config, StoreOptions& options, int extra) {
  const std::string pool = config.Get("PREGON_PG_POOL_SIZE");
  auto size = ParseCount("PREGON_PG_POOL_SIZE", pool, 1000);
  if (!size.ok()) return size.status();
  if (*size == 0) {
    auto threads =
        ParseCount("PREGON_WORKER_CONCURRENCY", config.Get("PREGON_WORKER_CONCURRENCY"), 256);
    if (!threads.ok()) return threads.status();
    *size = *threads + 2 + extra;
  }
  options.pg_pool_size = *size;
  PREGON_ASSIGN_OR_RETURN(
      options.pg_reconnect_window,
      FlagDuration("PREGON_PG_RECONNECT_WINDOW", config.Get("PREGON_PG_RECONNECT_WINDOW")));
  return Status::Ok();
}

Result<Store*> Context::store(bool for_migrate) {
  if (!store_) {
    StoreOptions options;
    options.sqlite_synchronous = config_.Get("PREGON_SQLITE_SYNCHRONOUS");
    PREGON_RETURN_IF_ERROR(PostgresSettings(config_, options, extra_pg_connections));
    PREGON_ASSIGN_OR_RETURN(store_, OpenStore(config_.Get("DATABASE_URL"), options));
  }
  if (!for_migrate) PREGON_RETURN_IF_ERROR(store_->CheckSchema());
  return store_.get();
}

Result<ReportTableStore*> Context::analytics_store() {
  if (!analytics_) {
    const std::string url = config_.Get("ANALYTICS_DATABASE_URL");
    if (url.empty())
      return Status::FailedPrecondition(
          "no analytics database is configured (set ANALYTICS_DATABASE_URL)");
    StoreOptions options;
    options.sqlite_synchronous = config_.Get("PREGON_SQLITE_SYNCHRONOUS");
    options.pg_pool_size = 2;
    auto opened = OpenStore(url, options);
    if (!opened.ok()) return opened.status().WithContext("ANALYTICS_DATABASE_URL");
    // pregon creates and migrates the analytics database itself; only its report tables are
    // written there.
    PREGON_RETURN_IF_ERROR((*opened)->Migrate().WithContext("migrating the analytics database"));
    analytics_ = std::move(opened).value();
  }
  return static_cast<ReportTableStore*>(analytics_.get());
}

void Context::Print(const nlohmann::json& j, const std::function<void()>& human) const {
  if (json) {
    std::cout << j.dump() << "\n";
  } else {
    human();
  }
}

Result<Millis> FlagDuration(const std::string& flag, const std::string& value) {
  auto d = ParseDuration(value);
  if (!d.ok()) return d.status().WithContext(flag);
  return d;
}

Result<std::string> PublicUrlFrom(const Config& c) {
  const std::string url = c.Get("PREGON_PUBLIC_URL");
  if (url.empty()) return url;
  return ParsePublicBaseUrl(url, "PREGON_PUBLIC_URL");
}

static Result<std::string> UnsubscribeBaseUrlFrom(const Config& c) {
  const std::string own = c.Get("PREGON_UNSUBSCRIBE_BASE_URL");
  if (own.empty()) return PublicUrlFrom(c);
  return ParsePublicBaseUrl(own, "PREGON_UNSUBSCRIBE_BASE_URL");
}

Result<TrackingSettings> TrackingSettingsFrom(const Config& c, const ChannelSettings& channel) {
  TrackingSettings t;
  t.signer = channel.tracking;
  t.unsubscribe_url = channel.unsubscribe_base_url;
  PREGON_ASSIGN_OR_RETURN(t.public_url, PublicUrlFrom(c));
  const std::string on = c.Get("PREGON_TRACKING");
  if (on != "on" && on != "off")
    return Status::InvalidArgument("PREGON_TRACKING must be on or off, not '" + LogSafe(on, 20) +
                                   "'");
  t.tracking_on = on == "on";
  return t;
}

Result<ChannelSettings> ChannelSettingsFrom(const Config& c) {
  ChannelSettings s;
  PREGON_ASSIGN_OR_RETURN(s.connect_timeout,
                          FlagDuration("PREGON_CONNECT_TIMEOUT", c.Get("PREGON_CONNECT_TIMEOUT")));
  PREGON_ASSIGN_OR_RETURN(s.request_timeout,
                          FlagDuration("PREGON_REQUEST_TIMEOUT", c.Get("PREGON_REQUEST_TIMEOUT")));
  PREGON_ASSIGN_OR_RETURN(s.unsubscribe_base_url, UnsubscribeBaseUrlFrom(c));
  if (const std::string key = c.Get("PREGON_SECRET_KEY"); !key.empty()) {
    PREGON_ASSIGN_OR_RETURN(TrackingSigner signer, TrackingSigner::FromSecretKey(key));
    s.tracking = std::make_shared<const TrackingSigner>(signer);
  } else if (!s.unsubscribe_base_url.empty()) {
    return Status::InvalidArgument(
        "PREGON_PUBLIC_URL and PREGON_UNSUBSCRIBE_BASE_URL need PREGON_SECRET_KEY (64 hex "
        "digits, openssl rand -hex 32) to sign the links in e-mails with");
  }
  s.ca_file = c.Get("PREGON_CA_FILE");
  // Checked here, once, rather than found by every send failing the TLS handshake.
  if (!s.ca_file.empty() && !std::ifstream(s.ca_file).good())
    return Status::InvalidArgument("PREGON_CA_FILE '" + s.ca_file + "' cannot be read");
  return s;
}

Result<double> PendingFactorFrom(const Config& config) {
  const std::string text = config.Get("PREGON_SLOT_PENDING_FACTOR");
  char* end = nullptr;
  const double factor = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(factor >= 0 && factor <= 10))
    return Status::InvalidArgument(
        "PREGON_SLOT_PENDING_FACTOR must be a number from 0 to 10, not '" + LogSafe(text, 32) +
        "'");
  return factor;
}

Result<std::optional<SecretBox>> SecretBoxFrom(const Config& config) {
  const std::string key = config.Get("PREGON_SECRET_KEY");
  if (key.empty()) return std::optional<SecretBox>();
  PREGON_ASSIGN_OR_RETURN(SecretBox box, SecretBox::FromKey(key));
  return std::optional<SecretBox>(box);
}

}  // namespace pregon::cli
