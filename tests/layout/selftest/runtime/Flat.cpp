// Code directly under runtime/: a layout problem.
#include "core/Runtime.h"
