#include <stdio.h>

#include "segcore.h"

int main(void) {
  segcore_scaler* s = NULL;
  double x[4] = {1, 2, 3, 4}, center[1];
  if (segcore_scaler_create(&s, NULL) != SEGCORE_OK) return 1;
  if (segcore_scaler_fit_f64(s, x, 4, 1) != SEGCORE_OK) return 1;
  if (segcore_scaler_get_center(s, center, 1) != SEGCORE_OK || center[0] != 2.5) return 1;
  segcore_scaler_destroy(s);
  printf("consumer (C): segcore %s ok\n", segcore_version_string());
  return 0;
}
