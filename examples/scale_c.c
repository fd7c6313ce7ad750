/* The C ABI in a few lines: scale a small matrix and print it. */
#include <stdio.h>

#include "segcore.h"

int main(void) {
  double x[4 * 2] = {1, 200, 2, 400, 3, 600, 10, 800}; /* 4 customers x 2 features */
  double y[4 * 2];
  segcore_scaler_options opts;
  segcore_scaler* scaler = NULL;
  int rc;

  segcore_scaler_options_init(&opts, sizeof opts);
  opts.kind = SEGCORE_SCALER_ROBUST;
  if ((rc = segcore_scaler_create(&scaler, &opts)) != SEGCORE_OK ||
      (rc = segcore_scaler_fit_f64(scaler, x, 4, 2)) != SEGCORE_OK ||
      (rc = segcore_scaler_transform_f64(scaler, x, 4, 2, y, 8)) != SEGCORE_OK) {
    fprintf(stderr, "segcore: %s (%s)\n", segcore_last_error_message(), segcore_status_string(rc));
    segcore_scaler_destroy(scaler);
    return 1;
  }
  for (int i = 0; i < 4; ++i) printf("%6.2f %6.2f\n", y[2 * i], y[2 * i + 1]);
  segcore_scaler_destroy(scaler);
  return 0;
}
