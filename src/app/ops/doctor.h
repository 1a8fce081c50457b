// `pregon doctor`'s checks of what the store, the senders, the mail domains, the disk and the
// clock look like (the CLI adds the configuration's): each a line ok / warning / error that
// says what to do (doctor_report.h), so an operator learns what is wrong before a send fails.
//
// Thread-safety: not safe for concurrent use; one report per run.
#pragma once

#include <string>

#include "app/ops/database_settings.h"
#include "app/ops/doctor_report.h"
#include "app/ops/mail_dns.h"
#include "app/ops/sender_checks.h"
#include "core/clock.h"
#include "store/store.h"

namespace pregon {

// The schema is current (neither behind: run `pregon migrate`, nor ahead: a newer pregon
// migrated it) and the database takes a write. True when all of that holds; the database's
// own settings are worth checking then (CheckDatabaseSettings, database_settings.h).
bool CheckDatabase(Store& store, Clock& clock, DoctorReport& report);

struct SenderCheckOptions {
  ProviderCheckOptions provider;  // timeout, PREGON_CA_FILE
  MailDnsOptions mail_dns;        // PREGON_DNS_SERVER, PREGON_DKIM_SELECTORS
  bool check_mail_dns = true;     // false: the from-domains' records are not looked up
};

// Each sender: its settings valid for its channel, and its provider checked without sending
// anything (sender_checks.h). Then, once per domain that relay and SMTP senders send from,
// its SPF, DMARC and DKIM records (mail_dns.h).
void CheckSenders(SenderStore& store, const SenderCheckOptions& options, DoctorReport& report);

// Free space where reports are written (`dir`, or the nearest existing parent).
void CheckDisk(const std::string& dir, DoctorReport& report);

// Whether the system clock is synchronised (timedatectl, where the system has it): leases
// and schedules across nodes assume clocks within a second or so.
void CheckClock(Clock& clock, DoctorReport& report);

}  // namespace pregon
