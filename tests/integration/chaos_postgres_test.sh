#!/usr/bin/env bash
# Chaos on PostgreSQL: the same scenario as on SQLite (chaos_lib.sh), with two worker
# processes at a time — as on two machines — SIGKILLed together, for both guarantees.
source "$(dirname "$0")/lib.sh"
source "$TEST_DIR/chaos_lib.sh"
chaos postgres at_most_once 2
chaos postgres at_least_once 2
