# A toolchain file as a project pins its compiler: plain clang of one LLVM,
# nothing of credtaint. CONSUMER_LLVM_PREFIX is the LLVM install
# (/usr/lib/llvm-N).
set(CMAKE_C_COMPILER "${CONSUMER_LLVM_PREFIX}/bin/clang")
set(CMAKE_CXX_COMPILER "${CONSUMER_LLVM_PREFIX}/bin/clang++")
