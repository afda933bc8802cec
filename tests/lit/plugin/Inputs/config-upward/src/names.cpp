#include <string>
std::string svc_sigil;          // a project name pattern: tagged
std::string session_token_hint; // excluded by the project: not tagged
std::string api_token;          // the catalog's: tagged
