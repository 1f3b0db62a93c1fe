// Running the dermasim binary from tests: arguments without a shell, stdin from /dev/null,
// stdout and stderr captured, a time limit, and a description for failed expectations.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "support/files.hpp"

extern char** environ;

namespace dermasim::testing {

struct RunResult {
  int exit_code = -1;  // the process's exit status; 128 + signal when killed by one
  std::string out;
  std::string err;
};

// Runs DERMASIM_BINARY with `args` (no shell), stdin from /dev/null, stdout and stderr captured
// through files in `scratch`.
inline RunResult run_dermasim(const std::vector<std::string>& args,
                              const std::filesystem::path& scratch,
                              std::chrono::seconds timeout = std::chrono::seconds(60)) {
  static std::atomic<int> counter{0};
  const int id = counter.fetch_add(1);
  const std::filesystem::path out_path = scratch / (".stdout-" + std::to_string(id));
  const std::filesystem::path err_path = scratch / (".stderr-" + std::to_string(id));
  std::vector<std::string> words{DERMASIM_BINARY};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  RunResult result;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    result.err = "posix_spawn failed: " + std::to_string(spawned);
    return result;
  }
  // Waits at most `timeout`; a run that hangs is killed and reported as exit 124.
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      result.exit_code = 124;
      result.err = "timed out after " + std::to_string(timeout.count()) + " s\n";
      return result;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.exit_code = 128 + WTERMSIG(status);
  result.out = read_text(out_path);
  result.err = read_text(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return result;
}

// What a failed expectation prints about a run.
inline std::string describe(const RunResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\n--- stdout:\n" + r.out + "--- stderr:\n" +
         r.err;
}

}  // namespace dermasim::testing
