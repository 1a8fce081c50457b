// The `pregon` command line (DESIGN §4): parses, runs one command, and maps its Status to
// an exit code (0 ok, 2 usage or invalid input, 1 anything else) with a one-line error on
// stderr. stdout carries only the command's output (`--json`: exactly one JSON object).
#pragma once

namespace pregon::cli {

int Run(int argc, char** argv);

}  // namespace pregon::cli
