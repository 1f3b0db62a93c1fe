// Entry point of the dermasim command.
#include "cli/app.hpp"

int main(int argc, char** argv) {
  return dermasim::cli::run(argc, argv);
}
