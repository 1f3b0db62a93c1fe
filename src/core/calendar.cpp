// Calendar dates as day numbers, on std::chrono's proleptic Gregorian calendar.
#include "core/calendar.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace dermasim {

std::optional<int> days_since_epoch(std::string_view text) {
  int year = 0;
  unsigned month = 0, day = 0;
  char tail = 0;
  const std::string copy(text);
  if (copy.size() != 10 || copy[4] != '-' || copy[7] != '-' ||
      std::sscanf(copy.c_str(), "%4d-%2u-%2u%c", &year, &month, &day, &tail) != 3)
    return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                         std::chrono::day{day}};
  if (!date.ok()) return std::nullopt;
  return static_cast<int>(std::chrono::sys_days{date}.time_since_epoch().count());
}

std::string iso_date(int day) {
  const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{day}}};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

int add_calendar_months(int day, int months) {
  const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{day}}};
  const std::chrono::year_month shifted =
      std::chrono::year_month{date.year(), date.month()} + std::chrono::months{months};
  const std::chrono::day last = std::chrono::year_month_day_last{
      shifted.year(),
      std::chrono::month_day_last{
          shifted.month()}}.day();
  const std::chrono::year_month_day result{shifted.year(), shifted.month(),
                                           std::min(date.day(), last)};
  return static_cast<int>(std::chrono::sys_days{result}.time_since_epoch().count());
}

}  // namespace dermasim
