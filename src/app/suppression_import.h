// Reads a suppression list from CSV (`pregon suppression import FILE.csv`).
//
// A header row names the columns: the address is in a column called address, email (or one
// of the contact import's e-mail aliases: correo, e-mail, mail, email_address,
// correo_electronico) or chat_id; an optional `reason` column gives each row's reason,
// otherwise `default_reason` applies. Other columns are ignored, so a provider's bounce or
// unsubscribe export can be imported as it is. A row whose address or reason is invalid is
// reported with its line number and skipped; the others are kept.
//
// Pure function over the file's content; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "core/suppression.h"

namespace pregon {

struct SuppressionImportIssue {
  int line = 0;
  std::string reason;
};

struct ParsedSuppressions {
  std::vector<Suppression> rows;  // normalised addresses, created_at = now
  std::vector<SuppressionImportIssue> issues;
};

// InvalidArgument for a file that is not CSV or has no address column (nothing is kept).
Result<ParsedSuppressions> ParseSuppressionCsv(std::string_view content,
                                               SuppressionReason default_reason, Timestamp now);

}  // namespace pregon
