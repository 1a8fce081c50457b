#!/usr/bin/env bash
# Chaos on SQLite: worker processes SIGKILLed in the middle of a 20,000-recipient send, for
# both delivery guarantees (the scenario and its checks: chaos_lib.sh).
source "$(dirname "$0")/lib.sh"
source "$TEST_DIR/chaos_lib.sh"
chaos sqlite at_most_once
chaos sqlite at_least_once
