// pregon: one binary, many commands (DESIGN §4). main only wires; src/cli does the work.
#include "cli/cli.h"
#include "core/malloc_arenas.h"

int main(int argc, char** argv) {
  pregon::LimitMallocArenas();
  return pregon::cli::Run(argc, argv);
}
