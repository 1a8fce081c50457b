// The store roles the engine works through: the WorkQueue for everything it changes, and
// reads of campaigns (content, attachments, the event log) and senders. A Store plays all
// three; a test hands the engine a wrapper (store/forwarding.h) around any one of them.
#pragma once

#include "store/store.h"

namespace pregon {

struct EngineStore {
  EngineStore(Store& store) : work(store), campaigns(store), senders(store) {}  // NOLINT: implicit
  EngineStore(WorkQueue& w, CampaignStore& c, SenderStore& s) : work(w), campaigns(c), senders(s) {}

  WorkQueue& work;
  CampaignStore& campaigns;
  SenderStore& senders;
};

}  // namespace pregon
