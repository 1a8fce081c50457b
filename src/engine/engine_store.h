// The store roles the engine works through: the WorkQueue for everything it changes, reads
// of campaigns (content, attachments, the event log) and senders, and the tracking role for
// campaigns' link tables. A Store plays them all; a test hands the engine a wrapper
// (store/forwarding.h) around any one of them.
#pragma once

#include "store/store.h"

namespace pregon {

struct EngineStore {
  EngineStore(Store& store)  // NOLINT: implicit
      : work(store), campaigns(store), senders(store), tracking(&store) {}
  EngineStore(WorkQueue& w, CampaignStore& c, SenderStore& s, TrackingStore* t = nullptr)
      : work(w), campaigns(c), senders(s), tracking(t) {}

  WorkQueue& work;
  CampaignStore& campaigns;
  SenderStore& senders;
  TrackingStore* tracking;  // where campaigns' link tables go; null = links are not tracked
};

}  // namespace pregon
