// MIME message builder: turns one OutgoingMessage into the RFC 5322 / RFC 2045 text that the
// SMTP channel uploads after DATA.
//
// Headers, in this order (folded to 78 columns, CRLF line endings):
//   Date             RFC 5322 date of `params.date`, in UTC: "Thu, 01 Jan 2026 00:00:00 +0000"
//   From             "Name <addr>"; the name as an atom, a quoted string, or RFC 2047 encoded
//                    words when it is not ASCII
//   To               message.to_name / message.to, the same way
//   Reply-To         when message.reply_to is set
//   Subject          plain when it is safe ASCII, else RFC 2047 "B" encoded words (UTF-8)
//   Message-ID       <params.message_id>
//   MIME-Version     1.0
//   List-Unsubscribe <mailto:unsubscribe@{from domain}?subject=unsubscribe-{campaign}-{delivery}>
//                    and, when params.unsubscribe_base_url and params.signer are set (and
//                    the message is a campaign's), <{base}/u/{signed token}> — the token
//                    core/tracking_token.h signs, which `pregon serve` answers
//   List-Unsubscribe-Post  List-Unsubscribe=One-Click (RFC 8058), only with that URL
//   List-Id          <campaign-{id}.{from domain}> (RFC 2919): mail clients and filters
//                    group a campaign's messages by it       (a campaign's messages only)
//   Feedback-ID      {campaign id}:pregon:{from domain} — Gmail's feedback loop reports
//                    complaints per campaign by it           (a campaign's messages only)
//   X-Pregon-Campaign-Id, X-Pregon-Delivery-Id   (left out when 0: a test send)
//   Content-Type, Content-Transfer-Encoding
// Body: text only (or neither) → text/plain; html only → text/html; both →
// multipart/alternative with the text part first. Parts are charset=utf-8 and
// quoted-printable, so accents and emoji survive any 7-bit relay and no line passes 76
// characters. With attachments the whole is multipart/mixed: that text entity first, then
// one base64 part per file with its Content-Type and a Content-Disposition: attachment
// filename (RFC 2231 encoded when it is not plain ASCII). Dot-stuffing is not done here: libcurl
// does it while uploading (a line starting with "." is sent as "..").
//
// Pure functions, no I/O; safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "channels/channel.h"
#include "core/clock.h"
#include "core/status.h"
#include "core/tracking_token.h"

namespace pregon {

struct MimeMessageParams {
  std::string from_email;            // required; also the Message-ID and mailto domain
  std::string from_name;             // optional display name
  Timestamp date;                    // the Date header
  std::string message_id;            // without angle brackets: "unique@domain" (MakeMessageId)
  std::string unsubscribe_base_url;  // "" = mailto List-Unsubscribe only
  const TrackingSigner* signer = nullptr;  // signs the one-click URL's token; none = mailto only
};

// Replaces `out` with the complete message for `message`. Fails with InvalidArgument (and
// leaves `out` unspecified) when params.from_email, message.to or message.reply_to is not a
// valid address, or is not ASCII: a UTF-8 address needs SMTPUTF8, which is not supported.
Status BuildMimeMessage(const MimeMessageParams& params, const OutgoingMessage& message,
                        std::string& out);

// "Thu, 01 Jan 2026 00:00:00 +0000" (RFC 5322 §3.3, always UTC, seconds truncated).
std::string FormatRfc5322Date(Timestamp t);

// The lower-cased part of `address` after its last '@'; "invalid" when that is empty or not
// ASCII (Message-IDs must be ASCII).
std::string EmailDomain(std::string_view address);

// "unique@<domain of from_email>". REQUIRES: `unique` is made of letters, digits, '.', '-'
// and '_' (a dot-atom, RFC 5322 §3.6.4) and is unique for every message sent.
std::string MakeMessageId(std::string_view unique, std::string_view from_email);

// The subject token of the mailto: form, "<campaign_id>-<delivery_id>": a hint for whoever
// reads that mailbox. The one-click URL carries a signed token instead.
std::string UnsubscribeToken(int64_t campaign_id, int64_t delivery_id);

}  // namespace pregon
