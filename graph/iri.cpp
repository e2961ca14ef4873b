#include "graph/iri.hpp"

#include <cctype>

namespace moivre::graph {
namespace {

struct Parts {
  std::string_view scheme, authority, path, query, fragment;
  bool has_scheme = false, has_authority = false, has_query = false, has_fragment = false;
};

Parts split(std::string_view s) {
  Parts p;
  if (has_scheme(s)) {
    size_t colon = s.find(':');
    p.scheme = s.substr(0, colon);
    p.has_scheme = true;
    s.remove_prefix(colon + 1);
  }
  if (s.starts_with("//")) {
    s.remove_prefix(2);
    size_t end = s.find_first_of("/?#");
    p.authority = s.substr(0, end);
    p.has_authority = true;
    s.remove_prefix(end == std::string_view::npos ? s.size() : end);
  }
  size_t hash = s.find('#');
  if (hash != std::string_view::npos) {
    p.fragment = s.substr(hash + 1);
    p.has_fragment = true;
    s = s.substr(0, hash);
  }
  size_t question = s.find('?');
  if (question != std::string_view::npos) {
    p.query = s.substr(question + 1);
    p.has_query = true;
    s = s.substr(0, question);
  }
  p.path = s;
  return p;
}

std::string remove_dot_segments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.starts_with("../"))
      in.remove_prefix(3);
    else if (in.starts_with("./"))
      in.remove_prefix(2);
    else if (in.starts_with("/./"))
      in.remove_prefix(2);
    else if (in == "/.")
      in = "/";
    else if (in.starts_with("/../") || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      size_t slash = out.rfind('/');
      out.erase(slash == std::string::npos ? 0 : slash);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      size_t next = in.find('/', in[0] == '/' ? 1 : 0);
      if (next == std::string_view::npos) next = in.size();
      out.append(in.substr(0, next));
      in.remove_prefix(next);
    }
  }
  return out;
}

std::string merge(const Parts& base, std::string_view path) {
  if (base.has_authority && base.path.empty()) return "/" + std::string(path);
  size_t slash = base.path.rfind('/');
  if (slash == std::string_view::npos) return std::string(path);
  return std::string(base.path.substr(0, slash + 1)) + std::string(path);
}

}  // namespace

bool has_scheme(std::string_view iri) {
  if (iri.empty() || !std::isalpha(static_cast<unsigned char>(iri[0]))) return false;
  for (size_t i = 1; i < iri.size(); ++i) {
    char c = iri[i];
    if (c == ':') return true;
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
      return false;
  }
  return false;
}

std::string resolve_iri(std::string_view base_iri, std::string_view reference) {
  Parts r = split(reference), base = split(base_iri), t;
  std::string path;
  if (r.has_scheme) {
    t = r;
    path = remove_dot_segments(r.path);
  } else if (r.has_authority) {
    t = r;
    t.scheme = base.scheme, t.has_scheme = base.has_scheme;
    path = remove_dot_segments(r.path);
  } else {
    t.scheme = base.scheme, t.has_scheme = base.has_scheme;
    t.authority = base.authority, t.has_authority = base.has_authority;
    if (r.path.empty()) {
      path = std::string(base.path);
      if (r.has_query)
        t.query = r.query, t.has_query = true;
      else
        t.query = base.query, t.has_query = base.has_query;
    } else {
      path =
          r.path[0] == '/' ? remove_dot_segments(r.path) : remove_dot_segments(merge(base, r.path));
      t.query = r.query, t.has_query = r.has_query;
    }
  }
  t.fragment = r.fragment, t.has_fragment = r.has_fragment;

  std::string out;
  if (t.has_scheme) out.append(t.scheme).append(":");
  if (t.has_authority) out.append("//").append(t.authority);
  out += path;
  if (t.has_query) out.append("?").append(t.query);
  if (t.has_fragment) out.append("#").append(t.fragment);
  return out;
}

}  // namespace moivre::graph
