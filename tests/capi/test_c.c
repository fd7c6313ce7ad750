/* Compiled as C99: every public C header must be usable from C. */
#include "segcore.h"
#include "segcore_version.h"

#include <stdio.h>
#include <string.h>

int main(void) {
  segcore_scaler_options opts;
  segcore_scaler *scaler = NULL;
  double x[6] = {1, 2, 3, 4, 5, 6};
  double y[6];
  int failures = 0;

  if (segcore_version_number() != SEGCORE_VERSION_NUMBER) {
    printf("runtime version %d differs from header version %d\n",
           (int)segcore_version_number(), SEGCORE_VERSION_NUMBER);
    failures++;
  }
  if (segcore_scaler_options_init(&opts, sizeof opts) != SEGCORE_OK) failures++;
  if (segcore_scaler_create(&scaler, &opts) != SEGCORE_OK) failures++;
  if (segcore_scaler_fit_f64(scaler, x, 3, 2) != SEGCORE_OK) failures++;
  if (segcore_scaler_transform_f64(scaler, x, 3, 2, y, 6) != SEGCORE_OK) failures++;
  if (y[0] >= 0 || y[4] <= 0) {
    printf("unexpected transform: %g %g\n", y[0], y[4]);
    failures++;
  }
  if (segcore_scaler_fit_f64(NULL, x, 3, 2) != SEGCORE_EINVAL ||
      strstr(segcore_last_error_message(), "scaler is NULL") == NULL) {
    printf("NULL handle not reported: %s\n", segcore_last_error_message());
    failures++;
  }
  segcore_scaler_destroy(scaler);
  segcore_scaler_destroy(NULL);
  printf("%s\n", failures ? "FAIL" : "ok");
  return failures ? 1 : 0;
}
