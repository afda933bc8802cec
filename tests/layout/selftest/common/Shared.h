// Shared code may be included from anywhere above it.
