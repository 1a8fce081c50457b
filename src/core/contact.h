// Contacts and lists: the audience. A contact is identified by its e-mail address
// (lower-cased) and/or its Telegram chat id; a list groups contacts.
#pragma once

#include <cstdint>
#include <string>

namespace pregon {

struct ContactRecord {
  std::string email;    // normalised (trimmed, lower-case), or empty
  std::string chat_id;  // or empty
  std::string name;
  std::string fields_json;  // free fields as a JSON object: {"Ciudad":"Lima"}
};

// A stored contact.
struct Contact {
  int64_t id = 0;
  std::string email;    // or empty
  std::string chat_id;  // or empty
  std::string name;
  std::string fields_json;  // {"Ciudad":"Lima"}
};

struct ContactList {
  int64_t id = 0;
  std::string name;
  int64_t members = 0;
};

}  // namespace pregon
