//===- DfsanAllocator.h - the DFSan allocator's entry points ----*- C++ -*-===//
//
// credtaint-not-zeroized must see every heap block an instrumented program
// frees, whoever frees it: the program, or libstdc++ releasing a
// std::string's buffer inside the uninstrumented .so. Under DFSan, free,
// cfree and every form of operator delete end in __dfsan::dfsan_deallocate,
// and realloc in __dfsan::dfsan_realloc (which frees a moved block inside
// the allocator, out of reach of a wrap of the first). The wrapper links
// with --wrap for both, and the runtime defines __wrap_<name> and calls
// __real_<name>.
//
// This is the one place that knows the names. LLVM 14, 15, 16 and 19 all
// have this allocator with these names (nm of libclang_rt.dfsan-x86_64.a);
// they differ above it (19 routes free through an interceptor trampoline,
// 14 to 16 alias it to __interceptor_free directly), which a wrap at this
// level does not see.
// __sanitizer_install_malloc_and_free_hooks exists in both runtimes but is
// no way in: the DFSan allocator never calls RunFreeHooks. An LLVM that
// renamed these functions would fail every link with an undefined
// __real_ symbol (tests/lit/e2e/not-zeroized-*.c would say so first).
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_COMMON_DFSANALLOCATOR_H
#define CREDTAINT_COMMON_DFSANALLOCATOR_H

// __dfsan::dfsan_deallocate(void *)
#define CREDTAINT_DFSAN_DEALLOCATE _ZN7__dfsan16dfsan_deallocateEPv
// __dfsan::dfsan_realloc(void *, uptr)
#define CREDTAINT_DFSAN_REALLOC _ZN7__dfsan13dfsan_reallocEPvm

#define CREDTAINT_STR2(X) #X
#define CREDTAINT_STR(X) CREDTAINT_STR2(X)
#define CREDTAINT_CAT2(A, B) A##B
#define CREDTAINT_CAT(A, B) CREDTAINT_CAT2(A, B)

/// The link options that route the allocator's frees through the runtime.
#define CREDTAINT_DFSAN_WRAP_FLAGS                                             \
  "-Wl,--wrap=" CREDTAINT_STR(CREDTAINT_DFSAN_DEALLOCATE),                     \
      "-Wl,--wrap=" CREDTAINT_STR(CREDTAINT_DFSAN_REALLOC)

#endif
