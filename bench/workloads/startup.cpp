// Start-up alone: an empty program. bench/run.py takes its median run time,
// per variant, as what that variant costs before and after main (runtime
// initialisation, shadow mappings, credtaint's configuration and exit-time
// reports), and subtracts it from the other workloads to give their
// steady-state times.
int main() { return 0; }
