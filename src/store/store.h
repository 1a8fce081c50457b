// Store: everything pregon keeps, behind domain operations (not a SQL pass-through), as one
// object that plays every role (roles/*.h). Callers depend on the role they use — the
// engine on the WorkQueue, the campaign service on CampaignStore — and are handed it by a
// Store& (or by a forwarding wrapper around one, store/forwarding.h, in tests).
//
// Every process — `serve`, any number of `worker`s, the CLI — coordinates only through the
// store, so each method is one atomic transaction: it either happens entirely or not at all,
// and a process killed at any instant leaves the store consistent.
//
// Errors are backend-independent (store/common/store_errors.h): NotFound for a row named by
// id or name that does not exist (a foreign key included), AlreadyExists for a taken unique
// name, Conflict for a lost lease, Transient for a busy database or a lost connection.
//
// Implementations: SqliteStore (embedded default) and PostgresStore (many nodes), each one
// file per role under sqlite/ and postgres/; both pass the same contract test suite. Open
// one with OpenStore() (store_factory.h).
//
// Thread-safety: a Store may be shared by the threads of one process.
#pragma once

#include "store/roles/audience_store.h"
#include "store/roles/campaign_store.h"
#include "store/roles/idempotency_store.h"
#include "store/roles/ops_store.h"
#include "store/roles/report_store.h"
#include "store/roles/schema_store.h"
#include "store/roles/sender_store.h"
#include "store/roles/slot_store.h"
#include "store/roles/suppression_store.h"
#include "store/roles/tracking_store.h"
#include "store/roles/user_store.h"
#include "store/roles/work_queue.h"

namespace pregon {

class Store : public SchemaStore,
              public SenderStore,
              public AudienceStore,
              public CampaignStore,
              public WorkQueue,
              public SuppressionStore,
              public UserStore,
              public IdempotencyStore,
              public ReportRequestStore,
              public ReportTableStore,
              public SlotStore,
              public TrackingStore,
              public OpsStore {
 public:
  ~Store() override = default;
};

}  // namespace pregon
