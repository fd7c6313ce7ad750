/* Built by CMake against an installed segcore: RFM of four customers from arrays. */
#include <stdio.h>

#include <segcore_profile.h>

int main(void) {
  /* customer, time (epoch seconds), amount: customer 1 buys three times, 2 twice, 3 once,
   * 4 only returns. */
  const int64_t customer[] = {1, 1, 1, 2, 2, 3, 4};
  const int64_t day = 86400, t0 = 1700000000;
  const int64_t time[] = {t0, t0 + 5 * day, t0 + 9 * day, t0 + 2 * day, t0 + 3 * day, t0, t0 + day};
  const double amount[] = {10, 20, 30, 5, 5, 100, -8};
  segcore_events* events = NULL;
  segcore_profiles* profiles = NULL;
  int64_t frequency[4];
  double monetary[4];
  int ok = segcore_version_number() == SEGCORE_VERSION_NUMBER &&
           segcore_events_from_arrays(&events, customer, time, amount, NULL, 7) == SEGCORE_OK &&
           segcore_profiles_build(&profiles, events, NULL) == SEGCORE_OK &&
           segcore_profiles_get_i64(profiles, "frequency", frequency, 4) == SEGCORE_OK &&
           segcore_profiles_get_f64(profiles, "monetary", monetary, 4) == SEGCORE_OK && frequency[0] == 3 &&
           frequency[1] == 2 && frequency[2] == 1 && frequency[3] == 0 && monetary[0] == 60 && monetary[3] == -8;
  if (!ok)
    fprintf(stderr, "cmake consumer: %s\n", segcore_last_error_message());
  else
    printf("cmake consumer: segcore %s, frequencies 3 2 1 0: ok\n", segcore_version_string());
  segcore_profiles_destroy(profiles);
  segcore_events_destroy(events);
  return ok ? 0 : 1;
}
