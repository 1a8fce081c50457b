#include "http/router.h"

#include <set>

namespace pregon::http {

namespace {

// -1 when `pattern` does not match; otherwise the number of literal segments (higher wins).
int MatchScore(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
               std::map<std::string, std::string>* params) {
  if (pattern.size() != path.size()) return -1;
  int literals = 0;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const std::string& p = pattern[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      if (path[i].empty()) return -1;
      found[p.substr(1, p.size() - 2)] = path[i];
    } else if (p == path[i]) {
      ++literals;
    } else {
      return -1;
    }
  }
  if (params != nullptr) *params = std::move(found);
  return literals;
}

}  // namespace

std::vector<std::string> PathSegments(const std::string& path) {
  std::vector<std::string> out;
  size_t start = path.empty() || path[0] != '/' ? 0 : 1;
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    if (slash == std::string::npos) {
      if (start < path.size()) out.push_back(path.substr(start));
      break;
    }
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

void Router::Add(Route route) { routes_.push_back(std::move(route)); }

std::variant<RouteMatch, ApiError> Router::Find(const std::string& method,
                                                const std::string& path) const {
  const auto segments = PathSegments(path);
  RouteMatch best;
  int best_score = -1;
  std::set<std::string> allowed;
  for (const auto& r : routes_) {
    std::map<std::string, std::string> params;
    const int score = MatchScore(PathSegments(r.pattern), segments, &params);
    if (score < 0) continue;
    allowed.insert(r.method);
    if (r.method == method && score > best_score) {
      best_score = score;
      best.route = &r;
      best.params = std::move(params);
    }
  }
  if (best.route != nullptr) return best;
  if (allowed.empty()) return ApiError::NotFound("no such resource: " + path);
  std::string allow;
  for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
  return ApiError::MethodNotAllowed(allow);
}

}  // namespace pregon::http
