// PostgresStore: lists, contacts and imports (AudienceStore).
#include <string>

#include "store/common/row_readers.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/postgres_store.h"

namespace pregon::store {

static constexpr const char* kListSelect = PREGON_LIST_SELECT "WHERE l.name = $1";

namespace {

ContactList EnsureListInTx(PgTx& tx, std::string_view name, Timestamp now) {
  static const char* kInsert =
      "INSERT INTO lists (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING";
  tx.Exec(kInsert, std::string(name), Ms(now));
  return ReadList(PgRow(tx.Exec(kListSelect, std::string(name))[0]));
}

}  // namespace

Result<ContactList> PostgresStore::EnsureList(std::string_view name, Timestamp now) {
  return session_->Transact("creating list", [&](PgTx& tx) -> Result<ContactList> {
    return EnsureListInTx(tx, name, now);
  });
}

Result<ContactList> PostgresStore::FindList(std::string_view name) {
  return session_->Transact("reading list", [&](PgTx& tx) -> Result<ContactList> {
    auto r = tx.Exec(kListSelect, std::string(name));
    if (r.empty()) return Status::NotFound("list '" + std::string(name) + "' not found");
    return ReadList(PgRow(r[0]));
  });
}

namespace {

// One round trip per row: match an existing contact by e-mail first, then by chat id; update
// or insert it; add it to the list.
void UpsertMember(PgTx& tx, int64_t list_id, const ContactRecord& row, Timestamp now,
                  ImportCounts& counts) {
  static const char* kUpsert =
      "WITH found AS ("
      "  SELECT id FROM contacts WHERE ($1 <> '' AND email = $1) OR ($2 <> '' AND chat_id = $2)"
      "  ORDER BY (email IS NOT DISTINCT FROM $1) DESC LIMIT 1),"
      " upd AS ("
      "  UPDATE contacts SET name = $3, fields = $4, updated_at = $5,"
      "   email = COALESCE(email, NULLIF($1, '')), chat_id = COALESCE(chat_id, NULLIF($2, ''))"
      "  WHERE id = (SELECT id FROM found) RETURNING id),"
      " ins AS ("
      "  INSERT INTO contacts (email, chat_id, name, fields, created_at, updated_at)"
      "  SELECT NULLIF($1, ''), NULLIF($2, ''), $3, $4, $5, $5"
      "  WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING id),"
      " mem AS ("
      "  INSERT INTO list_members (list_id, contact_id)"
      "  SELECT $6, id FROM (SELECT id FROM upd UNION ALL SELECT id FROM ins) x"
      "  ON CONFLICT DO NOTHING RETURNING 1)"
      " SELECT (SELECT COUNT(*) FROM ins), (SELECT COUNT(*) FROM mem)";
  auto r = tx.Exec(kUpsert, row.email, row.chat_id, row.name, row.fields_json, Ms(now), list_id);
  int64_t created = r[0][0].as<int64_t>();
  counts.created += created;
  counts.updated += 1 - created;
  counts.added_to_list += r[0][1].as<int64_t>();
}

}  // namespace

Result<ImportCounts> PostgresStore::ImportContactStream(std::string_view list_name,
                                                        const ContactBatchReader& next,
                                                        Timestamp now) {
  return session_->Transact("importing contacts", [&](PgTx& tx) -> Result<ImportCounts> {
    if (tx.attempt() > 1)
      return Status::Transient(
          "the connection to PostgreSQL was lost during the import; nothing was imported, run "
          "it again");
    const ContactList list = EnsureListInTx(tx, list_name, now);
    ImportCounts counts;
    std::vector<ContactRecord> batch;
    for (;;) {
      PREGON_ASSIGN_OR_RETURN(bool more, next(batch));
      if (!more) break;
      for (const auto& row : batch) UpsertMember(tx, list.id, row, now, counts);
    }
    tx.Exec(kAddListMembersSql, counts.added_to_list, list.id);
    return counts;
  });
}

Result<Contact> PostgresStore::FindContact(std::string_view email_or_chat_id) {
  return session_->Transact("finding contact", [&](PgTx& tx) -> Result<Contact> {
    static const char* kSql =
        "SELECT id, COALESCE(email, ''), COALESCE(chat_id, ''), name, fields FROM contacts "
        "WHERE email = lower(trim($1)) OR chat_id = trim($1) "
        "ORDER BY (email IS NOT DISTINCT FROM lower(trim($1))) DESC LIMIT 1";
    auto r = tx.Exec(kSql, std::string(email_or_chat_id));
    if (r.empty())
      return Status::NotFound("no contact with e-mail or chat id '" +
                              std::string(email_or_chat_id) + "'");
    return Contact{r[0][0].as<int64_t>(), r[0][1].as<std::string>(), r[0][2].as<std::string>(),
                   r[0][3].as<std::string>(), r[0][4].as<std::string>()};
  });
}

Result<std::vector<std::string>> PostgresStore::ListFieldNames(int64_t list_id) {
  return session_->Transact(
      "listing field names", [&](PgTx& tx) -> Result<std::vector<std::string>> {
        static const char* kSql =
            "SELECT DISTINCT k COLLATE \"C\" FROM list_members m JOIN contacts c ON c.id = "
            "m.contact_id, "
            "LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(c.fields::jsonb) = 'object' "
            "  THEN c.fields::jsonb ELSE '{}'::jsonb END) AS k "
            "WHERE m.list_id = $1 ORDER BY 1";
        std::vector<std::string> out;
        for (const auto& row : tx.Exec(kSql, list_id)) out.push_back(row[0].as<std::string>());
        return out;
      });
}

Result<ContactList> PostgresStore::GetList(int64_t id) {
  return session_->Transact("reading list", [&](PgTx& tx) -> Result<ContactList> {
    static const char* kSql = PREGON_LIST_SELECT "WHERE l.id = $1";
    auto r = tx.Exec(kSql, id);
    if (r.empty()) return Status::NotFound("list " + std::to_string(id) + " not found");
    return ReadList(PgRow(r[0]));
  });
}

Result<std::string> PostgresStore::GetListName(int64_t id) {
  return session_->Transact("reading list", [&](PgTx& tx) -> Result<std::string> {
    auto r = tx.Exec("SELECT name FROM lists WHERE id = $1", id);
    if (r.empty()) return Status::NotFound("list " + std::to_string(id) + " not found");
    return r[0][0].as<std::string>();
  });
}

Result<std::vector<ContactList>> PostgresStore::ListListNames(int64_t after_id, int limit) {
  return session_->Transact("listing lists", [&](PgTx& tx) -> Result<std::vector<ContactList>> {
    std::vector<ContactList> out;
    for (const auto& r :
         tx.Exec("SELECT id, name FROM lists WHERE id > $1 ORDER BY id LIMIT $2", after_id, limit))
      out.push_back({r[0].as<int64_t>(), r[1].as<std::string>(), 0});
    return out;
  });
}

Result<std::vector<ContactList>> PostgresStore::ListLists(int64_t after_id, int limit) {
  return session_->Transact("listing lists", [&](PgTx& tx) -> Result<std::vector<ContactList>> {
    static const char* kSql = PREGON_LIST_SELECT "WHERE l.id > $1 ORDER BY l.id LIMIT $2";
    std::vector<ContactList> out;
    for (const auto& r : tx.Exec(kSql, after_id, limit)) out.push_back(ReadList(PgRow(r)));
    return out;
  });
}

Result<Contact> PostgresStore::GetContact(int64_t id) {
  return session_->Transact("reading contact", [&](PgTx& tx) -> Result<Contact> {
    static const char* kSql =
        "SELECT id, COALESCE(email, ''), COALESCE(chat_id, ''), name, fields FROM contacts WHERE "
        "id = $1";
    auto r = tx.Exec(kSql, id);
    if (r.empty()) return Status::NotFound("contact " + std::to_string(id) + " not found");
    return ReadContact(PgRow(r[0]));
  });
}

Result<std::vector<Contact>> PostgresStore::ListContacts(const ContactQuery& query) {
  return session_->Transact("listing contacts", [&](PgTx& tx) -> Result<std::vector<Contact>> {
    static const char* kSql =
        "SELECT id, COALESCE(email, ''), COALESCE(chat_id, ''), name, fields FROM contacts c "
        "WHERE c.id > $1 AND ($2::bigint = 0 OR EXISTS (SELECT 1 FROM list_members m "
        "  WHERE m.list_id = $2::bigint AND m.contact_id = c.id)) ORDER BY c.id LIMIT $3";
    std::vector<Contact> out;
    for (const auto& r : tx.Exec(kSql, query.after_id, query.list_id.value_or(0), query.limit))
      out.push_back(ReadContact(PgRow(r)));
    return out;
  });
}

}  // namespace pregon::store
