// Writing a model's observables (a table of named, unit-carrying struct members) as CSV rows and
// as JSON.
#pragma once

#include <charconv>
#include <string>

#include <nlohmann/json.hpp>

namespace dermasim::cli {

inline void append_number(std::string& text, double value) {
  char buffer[32];
  const auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
  text.append(buffer, written.ptr);
}

template <class Fields>
std::string csv_header(const Fields& fields) {
  std::string header;
  for (const auto& field : fields) {
    if (!header.empty()) header += ',';
    header += field.name;
  }
  return header + '\n';
}

template <class Fields, class Observables>
void append_row(std::string& csv, const Fields& fields, const Observables& o) {
  bool first = true;
  for (const auto& field : fields) {
    if (!first) csv += ',';
    append_number(csv, o.*field.member);
    first = false;
  }
  csv += '\n';
}

template <class Fields, class Observables>
nlohmann::json observables_json(const Fields& fields, const Observables& o) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& field : fields)
    json[field.name] = {{"value", o.*field.member}, {"unit", field.unit}};
  return json;
}

}  // namespace dermasim::cli
