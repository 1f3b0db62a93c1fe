// Runs a test body on one OpenMP thread: long model tests that check behaviour, not threading, stay
// fast when CTest runs two such tests at once on two cores (OpenMP barriers of oversubscribed
// threads can each cost a scheduler slice).
#pragma once

#include <omp.h>

namespace dermasim::testing {

class OneThread {
 public:
  OneThread() : m_previous(omp_get_max_threads()) { omp_set_num_threads(1); }
  ~OneThread() { omp_set_num_threads(m_previous); }
  OneThread(const OneThread&) = delete;
  OneThread& operator=(const OneThread&) = delete;

 private:
  int m_previous;
};

}  // namespace dermasim::testing
