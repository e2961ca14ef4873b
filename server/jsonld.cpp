#include "server/jsonld.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <map>

namespace moivre::server {
namespace {

constexpr const char* kRdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

}  // namespace

void write_jsonld(const std::vector<TermTriple>& triples, std::ostream& out) {
  // subject id -> predicate -> objects, in first-seen order of subjects.
  std::vector<std::string> order;
  std::map<std::string, std::map<std::string, std::vector<const graph::Term*>>> nodes;
  for (const auto& t : triples) {
    std::string id = t.subject.node_name();
    if (!nodes.count(id)) order.push_back(id);
    nodes[id][t.predicate.value].push_back(&t.object);
  }
  // Made in memory and written at once: the ostream wrapper puts each character on its own.
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  auto str = [&](const std::string& s) {
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  };
  w.StartArray();
  for (const auto& id : order) {
    w.StartObject();
    w.Key("@id");
    str(id);
    for (const auto& [predicate, objects] : nodes[id]) {
      bool type = predicate == kRdfType;
      w.Key(type ? "@type" : predicate.c_str());
      w.StartArray();
      for (const graph::Term* o : objects) {
        if (type && !o->is_literal()) {
          str(o->node_name());
          continue;
        }
        w.StartObject();
        if (!o->is_literal()) {
          w.Key("@id");
          str(o->node_name());
        } else {
          w.Key("@value");
          str(o->value);
          if (o->kind == graph::TermKind::LangLiteral) {
            w.Key("@language");
            str(o->qualifier);
          } else if (o->kind == graph::TermKind::TypedLiteral) {
            w.Key("@type");
            str(o->qualifier);
          }
        }
        w.EndObject();
      }
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndArray();
  buffer.Put('\n');
  out.write(buffer.GetString(), static_cast<std::streamsize>(buffer.GetSize()));
}

}  // namespace moivre::server
