// Numbers in the planner's plain words: fixed decimals, percentages, phototypes in Roman numerals.
#pragma once

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>
#include <string_view>

namespace dermasim::planner {

inline std::string fixed(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

// "4.2 %" below 10 %, "35 %" above.
inline std::string percent(double fraction) {
  return fixed(100.0 * fraction, fraction < 0.1 ? 1 : 0) + " %";
}

inline std::string_view fitzpatrick_roman(int type) {
  static constexpr std::array<std::string_view, 7> roman = {"?", "I", "II", "III", "IV", "V", "VI"};
  return roman[static_cast<std::size_t>(std::clamp(type, 0, 6))];
}

}  // namespace dermasim::planner
