// AudienceStore: contacts and the lists they belong to.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/contact.h"
#include "core/status.h"
#include "store/store_queries.h"

namespace pregon {

struct ImportCounts {
  int64_t created = 0;        // contacts that did not exist before
  int64_t updated = 0;        // existing contacts whose name/fields were refreshed
  int64_t added_to_list = 0;  // new memberships (a contact already in the list is not re-added)
};

// Gives an import its rows a batch at a time: fills `batch` (cleared by it) and returns true,
// or returns false when no row is left. An error ends the import, which is then rolled back.
using ContactBatchReader = std::function<Result<bool>(std::vector<ContactRecord>& batch)>;

class AudienceStore {
 public:
  virtual ~AudienceStore() = default;

  // Returns the list, creating it when it does not exist.
  virtual Result<ContactList> EnsureList(std::string_view name, Timestamp now) = 0;
  virtual Result<ContactList> FindList(std::string_view name) = 0;  // NotFound
  virtual Result<ContactList> GetList(int64_t id) = 0;              // NotFound
  // The list's name alone: what listings of campaigns show, without counting its members
  // (tens of milliseconds for a list of a million). NotFound.
  virtual Result<std::string> GetListName(int64_t id) = 0;
  // Lists with their member counts, in id order, after `after_id`.
  virtual Result<std::vector<ContactList>> ListLists(int64_t after_id, int limit) = 0;
  // The same without counting members (members is 0): for choosing a list by name.
  virtual Result<std::vector<ContactList>> ListListNames(int64_t after_id, int limit) = 0;
  // Upserts the contacts (matched by e-mail, else chat id) and adds them to the list named
  // `list_name` (created when missing), their rows pulled from `next` as they are read, all
  // in one transaction with the list: an import is either fully there or not at all, and a
  // source that fails midway (a file refused at its end) leaves nothing behind, not even a
  // new list. A transaction cut by a lost connection is not run again (the rows read are
  // gone): that returns Transient, and the import can simply be run again.
  virtual Result<ImportCounts> ImportContactStream(std::string_view list_name,
                                                   const ContactBatchReader& next,
                                                   Timestamp now) = 0;
  // The same for rows already in memory, into an existing list (NotFound for an unknown one).
  Result<ImportCounts> ImportContacts(int64_t list_id, std::span<const ContactRecord> rows,
                                      Timestamp now) {
    PREGON_ASSIGN_OR_RETURN(const std::string name, GetListName(list_id));
    bool given = false;
    const ContactBatchReader all = [&](std::vector<ContactRecord>& batch) -> Result<bool> {
      if (given) return false;
      batch.assign(rows.begin(), rows.end());
      given = true;
      return true;
    };
    return ImportContactStream(name, all, now);
  }
  // Finds a contact by e-mail address (compared lower-cased) or, failing that, by chat id.
  // NotFound when neither matches.
  virtual Result<Contact> FindContact(std::string_view email_or_chat_id) = 0;
  virtual Result<Contact> GetContact(int64_t id) = 0;  // NotFound
  virtual Result<std::vector<Contact>> ListContacts(const ContactQuery& query) = 0;
  // The distinct keys of the free fields (ContactRecord::fields_json) of the list's
  // contacts, sorted; empty for an empty list. Templates are checked against these.
  virtual Result<std::vector<std::string>> ListFieldNames(int64_t list_id) = 0;
};

}  // namespace pregon
