// A library header the test includes as a system header (-isystem): its
// literals are the library's, never findings, and its declarations are
// left out of the parent map the plugin builds (bound-scope.cpp).
#pragma once
#include <string>
namespace vendor {
inline std::string default_password() { return "Hq4!vN8#pL2xR7mZ"; }
struct Settings { std::string api_key = "Jm3#tW9!qK5zX2vB"; };
} // namespace vendor
