// SqliteStore: lists, contacts and imports (AudienceStore).
#include <string>

#include "store/common/row_readers.h"
#include "store/sqlite/sqlite_store.h"

namespace pregon::store {

static constexpr const char* kListSelect = PREGON_LIST_SELECT "WHERE l.name = ?";

ContactList SqliteStore::EnsureListInTx(std::string_view name, Timestamp now) {
  auto& ins = db_->Prepare(
      "INSERT INTO lists (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING");
  SQLite::bind(ins, std::string(name), Ms(now));
  ins.exec();
  auto& q = db_->Prepare(kListSelect);
  q.bind(1, std::string(name));
  q.executeStep();
  ContactList list = ReadList(SqliteRow(q));
  q.reset();
  return list;
}

Result<ContactList> SqliteStore::EnsureList(std::string_view name, Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("creating list",
               [&]() REQUIRES(mu_) -> Result<ContactList> { return EnsureListInTx(name, now); });
}

Result<ContactList> SqliteStore::FindList(std::string_view name) {
  SqliteSession session(mu_, *db_);
  return Guard("reading list", [&]() REQUIRES(mu_) -> Result<ContactList> {
    auto& q = db_->Prepare(kListSelect);
    q.bind(1, std::string(name));
    if (!q.executeStep()) return Status::NotFound("list '" + std::string(name) + "' not found");
    return ReadList(SqliteRow(q));
  });
}

void SqliteStore::UpsertMember(int64_t list_id, const ContactRecord& row, Timestamp now,
                               ImportCounts& counts) {
  // Match an existing contact by e-mail first, then by chat id: one index lookup each (one
  // query with OR costs a third more of an import's time).
  int64_t id = 0;
  auto find = [&](const char* sql, const std::string& key) {
    if (id != 0 || key.empty()) return;
    auto& q = db_->Prepare(sql);
    q.bind(1, key);
    if (q.executeStep()) id = q.getColumn(0).getInt64();
    q.reset();
  };
  find("SELECT id FROM contacts WHERE email = ?", row.email);
  find("SELECT id FROM contacts WHERE chat_id = ?", row.chat_id);
  if (id == 0) {
    auto& ins = db_->Prepare(
        "INSERT INTO contacts (email, chat_id, name, fields, created_at, updated_at) "
        "VALUES (NULLIF(?1, ''), NULLIF(?2, ''), ?3, ?4, ?5, ?5)");
    SQLite::bind(ins, row.email, row.chat_id, row.name, row.fields_json, Ms(now));
    ins.exec();
    id = db_->db().getLastInsertRowid();
    ++counts.created;
  } else {
    auto& upd = db_->Prepare(
        "UPDATE contacts SET name = ?2, fields = ?3, updated_at = ?4, "
        "email = COALESCE(email, NULLIF(?5, '')), chat_id = COALESCE(chat_id, NULLIF(?6, '')) "
        "WHERE id = ?1");
    SQLite::bind(upd, id, row.name, row.fields_json, Ms(now), row.email, row.chat_id);
    upd.exec();
    ++counts.updated;
  }
  auto& mem = db_->Prepare(
      "INSERT INTO list_members (list_id, contact_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
  SQLite::bind(mem, list_id, id);
  counts.added_to_list += mem.exec();
}

Result<ImportCounts> SqliteStore::ImportContactStream(std::string_view list_name,
                                                      const ContactBatchReader& next,
                                                      Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("importing contacts", [&]() REQUIRES(mu_) -> Result<ImportCounts> {
    SqliteTx tx(*db_);
    const ContactList list = EnsureListInTx(list_name, now);
    ImportCounts counts;
    std::vector<ContactRecord> batch;
    for (;;) {
      PREGON_ASSIGN_OR_RETURN(bool more, next(batch));
      if (!more) break;
      for (const auto& row : batch) UpsertMember(list.id, row, now, counts);
    }
    auto& kept = db_->Prepare(kAddListMembersSql);
    SQLite::bind(kept, counts.added_to_list, list.id);
    kept.exec();
    tx.Commit();
    return counts;
  });
}

Result<ContactList> SqliteStore::GetList(int64_t id) {
  SqliteSession session(mu_, *db_);
  return Guard("reading list", [&]() REQUIRES(mu_) -> Result<ContactList> {
    auto& q = db_->Prepare(PREGON_LIST_SELECT "WHERE l.id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return Status::NotFound("list " + std::to_string(id) + " not found");
    return ReadList(SqliteRow(q));
  });
}

Result<std::string> SqliteStore::GetListName(int64_t id) {
  SqliteSession session(mu_, *db_);
  return Guard("reading list", [&]() REQUIRES(mu_) -> Result<std::string> {
    auto& q = db_->Prepare("SELECT name FROM lists WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return Status::NotFound("list " + std::to_string(id) + " not found");
    return q.getColumn(0).getString();
  });
}

Result<std::vector<ContactList>> SqliteStore::ListListNames(int64_t after_id, int limit) {
  SqliteSession session(mu_, *db_);
  return Guard("listing lists", [&]() REQUIRES(mu_) -> Result<std::vector<ContactList>> {
    auto& q = db_->Prepare("SELECT id, name FROM lists WHERE id > ? ORDER BY id LIMIT ?");
    SQLite::bind(q, after_id, limit);
    std::vector<ContactList> out;
    while (q.executeStep())
      out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), 0});
    return out;
  });
}

Result<std::vector<ContactList>> SqliteStore::ListLists(int64_t after_id, int limit) {
  SqliteSession session(mu_, *db_);
  return Guard("listing lists", [&]() REQUIRES(mu_) -> Result<std::vector<ContactList>> {
    auto& q = db_->Prepare(PREGON_LIST_SELECT "WHERE l.id > ? ORDER BY l.id LIMIT ?");
    SQLite::bind(q, after_id, limit);
    std::vector<ContactList> out;
    while (q.executeStep()) out.push_back(ReadList(SqliteRow(q)));
    return out;
  });
}

Result<Contact> SqliteStore::GetContact(int64_t id) {
  SqliteSession session(mu_, *db_);
  return Guard("reading contact", [&]() REQUIRES(mu_) -> Result<Contact> {
    auto& q = db_->Prepare(
        "SELECT id, COALESCE(email, ''), COALESCE(chat_id, ''), name, fields FROM contacts WHERE "
        "id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return Status::NotFound("contact " + std::to_string(id) + " not found");
    return ReadContact(SqliteRow(q));
  });
}

Result<std::vector<Contact>> SqliteStore::ListContacts(const ContactQuery& query) {
  SqliteSession session(mu_, *db_);
  return Guard("listing contacts", [&]() REQUIRES(mu_) -> Result<std::vector<Contact>> {
    auto& q = db_->Prepare(
        "SELECT id, COALESCE(email, ''), COALESCE(chat_id, ''), name, fields FROM contacts c "
        "WHERE c.id > ?1 AND (?2 = 0 OR EXISTS (SELECT 1 FROM list_members m "
        "  WHERE m.list_id = ?2 AND m.contact_id = c.id)) ORDER BY c.id LIMIT ?3");
    SQLite::bind(q, query.after_id, query.list_id.value_or(0), query.limit);
    std::vector<Contact> out;
    while (q.executeStep()) out.push_back(ReadContact(SqliteRow(q)));
    return out;
  });
}

Result<Contact> SqliteStore::FindContact(std::string_view email_or_chat_id) {
  SqliteSession session(mu_, *db_);
  return Guard("finding contact", [&]() REQUIRES(mu_) -> Result<Contact> {
    auto& q = db_->Prepare(
        "SELECT id, COALESCE(email, ''), COALESCE(chat_id, ''), name, fields FROM contacts "
        "WHERE email = lower(trim(?1)) OR chat_id = trim(?1) ORDER BY (email = lower(trim(?1))) "
        "DESC "
        "LIMIT 1");
    q.bind(1, std::string(email_or_chat_id));
    if (!q.executeStep())
      return Status::NotFound("no contact with e-mail or chat id '" +
                              std::string(email_or_chat_id) + "'");
    return Contact{q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                   q.getColumn(2).getString(), q.getColumn(3).getString(),
                   q.getColumn(4).getString()};
  });
}

Result<std::vector<std::string>> SqliteStore::ListFieldNames(int64_t list_id) {
  SqliteSession session(mu_, *db_);
  return Guard("listing field names", [&]() REQUIRES(mu_) -> Result<std::vector<std::string>> {
    auto& q = db_->Prepare(
        "SELECT DISTINCT j.key FROM list_members m JOIN contacts c ON c.id = m.contact_id, "
        "json_each(CASE WHEN json_valid(c.fields) THEN c.fields ELSE '{}' END) j "
        "WHERE m.list_id = ? ORDER BY j.key");
    q.bind(1, list_id);
    std::vector<std::string> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
  });
}

}  // namespace pregon::store
