// pregon: one binary, many commands (DESIGN §4). main only wires; src/cli does the work.
#include "cli/cli.h"

int main(int argc, char** argv) { return pregon::cli::Run(argc, argv); }
