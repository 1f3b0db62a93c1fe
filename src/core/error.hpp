// One error type for the whole program: a closed category, a message a person can act on, and
// where.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace dermasim {

enum class ErrorCategory {
  invalid_input,
  not_found,
  conflict,
  contraindicated,
  unauthorized,
  forbidden,
  unavailable,
  internal,
};

struct Error {
  ErrorCategory category = ErrorCategory::internal;
  std::string message;  // what is wrong and what to do about it
  std::string field;    // offending key, flag or "file:line:column"; empty when none

  static Error invalid_input(std::string message, std::string field = {}) {
    return {ErrorCategory::invalid_input, std::move(message), std::move(field)};
  }
  static Error not_found(std::string message, std::string field = {}) {
    return {ErrorCategory::not_found, std::move(message), std::move(field)};
  }
  static Error conflict(std::string message, std::string field = {}) {
    return {ErrorCategory::conflict, std::move(message), std::move(field)};
  }
  static Error unavailable(std::string message, std::string field = {}) {
    return {ErrorCategory::unavailable, std::move(message), std::move(field)};
  }
  static Error internal(std::string message, std::string field = {}) {
    return {ErrorCategory::internal, std::move(message), std::move(field)};
  }
};

template <class T>
using Result = std::expected<T, Error>;

using Status = Result<void>;

inline std::unexpected<Error> fail(Error error) {
  return std::unexpected(std::move(error));
}

std::string_view category_name(ErrorCategory category);

// Process exit code of the dermasim command for an error of this category (documented in README).
int exit_code(ErrorCategory category);

// "field: message" or just the message; what the command line prints after "error: ".
std::string describe(const Error& error);

}  // namespace dermasim

// Propagates an error: DERMASIM_TRY(status_expression); works for Result<void> and Result<T>.
#define DERMASIM_TRY(expression)                                         \
  do {                                                                   \
    if (auto dermasim_try_result_ = (expression); !dermasim_try_result_) \
      return std::unexpected(std::move(dermasim_try_result_.error()));   \
  } while (false)

#define DERMASIM_CONCAT_INNER(a, b) a##b
#define DERMASIM_CONCAT(a, b) DERMASIM_CONCAT_INNER(a, b)

// Declares `declaration` from a Result, or propagates its error:
// DERMASIM_TRY_ASSIGN(auto scenario, load_scenario(path));
#define DERMASIM_TRY_ASSIGN(declaration, expression) \
  DERMASIM_TRY_ASSIGN_IMPL(DERMASIM_CONCAT(dermasim_try_, __LINE__), declaration, expression)
#define DERMASIM_TRY_ASSIGN_IMPL(temporary, declaration, expression)    \
  auto temporary = (expression);                                        \
  if (!temporary) return std::unexpected(std::move(temporary.error())); \
  declaration = std::move(*temporary)
