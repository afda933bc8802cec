// The plugin reaching up into the runtime: a layout problem.
#include "core/Runtime.h"
#include "Shared.h"
