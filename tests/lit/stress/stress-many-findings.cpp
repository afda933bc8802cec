// A long run with many findings: 500 sink sites x 200 credentials is
// 100000 distinct findings, against 20 credentials (10000) for a run with
// 10x fewer. With max_findings=1000 both keep 1000 records; the rest are
// counted as dropped and said so at exit, and the large run's peak RSS stays
// within a loose ratio of the small one's (no unbounded in-process state).
// SECRET: manyFindingsFake-
// RUN: python3 %S/Inputs/gen_many_sites.py 500 > %t.gen.cpp
// RUN: %credtaint-cxx -O1 -I%include %t.gen.cpp -o %t
// RUN: rm -rf %t.small.logs %t.large.logs
// RUN: env CREDTAINT_OPTIONS=%ctopts:max_findings=1000:print_report=0:log_dir=%t.small.logs timeout 600 %t 20 > %t.small.out 2> %t.small.err
// RUN: env CREDTAINT_OPTIONS=%ctopts:max_findings=1000:print_report=0:log_dir=%t.large.logs timeout 600 %t 200 > %t.large.out 2> %t.large.err
// RUN: python3 %S/Inputs/check_records.py %t.small.logs --secret manyFindingsFake- | FileCheck --check-prefix=RECORDS %s
// RUN: python3 %S/Inputs/check_records.py %t.large.logs --secret manyFindingsFake- | FileCheck --check-prefix=RECORDS %s
// RUN: grep -a 'CREDTAINT' %t.small.err | FileCheck --check-prefix=SMALL %s
// RUN: grep -a 'CREDTAINT' %t.large.err | FileCheck --check-prefix=LARGE %s
// RUN: python3 %S/Inputs/compare_rss.py %t.small.out %t.large.out 1.5
// RECORDS: files=1 records=1000 distinct=1000
// SMALL: 9000 further findings dropped past max_findings=1000
// LARGE: 99000 further findings dropped past max_findings=1000
