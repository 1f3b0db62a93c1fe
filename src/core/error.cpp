// Names and exit codes of the error categories.
#include "core/error.hpp"

namespace dermasim {

std::string_view category_name(ErrorCategory category) {
  switch (category) {
    case ErrorCategory::invalid_input:
      return "invalid_input";
    case ErrorCategory::not_found:
      return "not_found";
    case ErrorCategory::conflict:
      return "conflict";
    case ErrorCategory::contraindicated:
      return "contraindicated";
    case ErrorCategory::unauthorized:
      return "unauthorized";
    case ErrorCategory::forbidden:
      return "forbidden";
    case ErrorCategory::unavailable:
      return "unavailable";
    case ErrorCategory::internal:
      return "internal";
  }
  return "internal";
}

int exit_code(ErrorCategory category) {
  switch (category) {
    case ErrorCategory::invalid_input:
      return 2;
    case ErrorCategory::not_found:
      return 3;
    case ErrorCategory::conflict:
      return 4;
    case ErrorCategory::contraindicated:
      return 5;
    case ErrorCategory::unauthorized:
      return 6;
    case ErrorCategory::forbidden:
      return 7;
    case ErrorCategory::unavailable:
      return 8;
    case ErrorCategory::internal:
      return 70;
  }
  return 70;
}

std::string describe(const Error& error) {
  if (error.field.empty()) return error.message;
  return error.field + ": " + error.message;
}

}  // namespace dermasim
