// The dermasim command line: subcommands, flags, and the mapping of errors to exit codes.
#pragma once

namespace dermasim::cli {

// Parses the arguments, runs the subcommand and returns the process exit code.
int run(int argc, char** argv);

}  // namespace dermasim::cli
