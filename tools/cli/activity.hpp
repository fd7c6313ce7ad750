// What the command is doing, for a message such as "out of memory while building profiles".
// A string literal, so that reading it needs no memory.
#pragma once

namespace segcore_cli {

inline const char*& current_activity() {
  static const char* activity = "starting";
  return activity;
}

}  // namespace segcore_cli
