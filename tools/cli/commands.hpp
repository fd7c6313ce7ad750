// The subcommands of `segcore`. Each parses its own flags (argv[2..]) and returns the exit
// code; failures are thrown as UsageError or CliError and printed by main.
#pragma once

namespace segcore_cli {

int cmd_profile(int argc, char** argv);
int cmd_rfm(int argc, char** argv);
int cmd_segment(int argc, char** argv);
int cmd_cluster(int argc, char** argv);
int cmd_choose_k(int argc, char** argv);
int cmd_clv(int argc, char** argv);
int cmd_report(int argc, char** argv);
int cmd_run(int argc, char** argv);
int cmd_stream(int argc, char** argv);
int cmd_social(int argc, char** argv);

}  // namespace segcore_cli
