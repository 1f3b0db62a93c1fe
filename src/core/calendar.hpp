// Calendar dates as day numbers: ISO "YYYY-MM-DD" text, days between dates, calendar months.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dermasim {

// Days from 1970-01-01 of an ISO date "YYYY-MM-DD", or nothing when it is not a real calendar
// date (2026-02-30 is refused).
std::optional<int> days_since_epoch(std::string_view text);

// The ISO text "YYYY-MM-DD" of a day number from days_since_epoch.
std::string iso_date(int day);

// The day `months` calendar months after `day` (before, when negative); a day of month that the
// target month lacks is clamped to its last day (2026-01-31 + 1 month = 2026-02-28).
int add_calendar_months(int day, int months);

}  // namespace dermasim
