// The `moivre` command line, run as a real process: load, export, stats, errors, round trips.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "graph/graph.hpp"
#include "query/display_width.hpp"
#include "support/isomorphism.hpp"
#include "support/process.hpp"
#include "support/temp_store.hpp"

using namespace moivre;
using test::moivre_binary;
using test::quote;
using test::run;

namespace {

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

test::Dataset parse_nquads(const std::string& text) {
  return test::read_dataset_string(text, graph::RdfSyntax::NQuads);
}

const char* kTurtle = R"(@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix org: <http://www.w3.org/ns/org#> .
ex:irl a org:OrganizationalUnit ;
  ex:label "Abraham de Moivre International Research Laboratory"@en , "Laboratoire Abraham de Moivre"@fr ;
  ex:since "2020-01-01"^^xsd:date ; ex:count 1550 ; ex:budget 95.5 ; ex:ratio 1.0e3 ; ex:open true ;
  ex:note """multi
line "quoted" \\ text""" ;
  ex:partner [ a org:FormalOrganization ; ex:name "Imperial" ] ;
  ex:list ( "a" "b" ex:c ) .
<http://example.org/École/λ> ex:name "Ωmega 東京 😀" .
)";

}  // namespace

TEST(Cli, HelpWorksForEveryCommand) {
  for (std::string cmd : {"", " load", " export", " stats", " query", " update", " serve"}) {
    auto r = run(moivre_binary() + cmd + " --help");
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_NE(r.output.find("--"), std::string::npos) << cmd;
  }
  EXPECT_EQ(run(moivre_binary() + " no-such-command").exit_code, 2);
  EXPECT_EQ(run(moivre_binary() + " load --db x").exit_code, 2);
}

TEST(Cli, TurtleRoundTripsThroughNQuadsExport) {
  test::TempDir dir;
  auto ttl = dir.path() / "data.ttl";
  write_file(ttl, kTurtle);
  auto db1 = quote((dir.path() / "db1").string()), db2 = quote((dir.path() / "db2").string());
  auto first = dir.path() / "first.nq";
  ASSERT_EQ(run(moivre_binary() + " load --db " + db1 + " " + quote(ttl.string())).exit_code, 0);
  auto exported =
      run(moivre_binary() + " export --db " + db1 + " --format nq -o " + quote(first.string()));
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  ASSERT_EQ(run(moivre_binary() + " load --db " + db2 + " " + quote(first.string())).exit_code, 0);
  auto second = run(moivre_binary() + " export --db " + db2 + " --format nq");
  ASSERT_EQ(second.exit_code, 0);

  std::ifstream in(first);
  std::string first_text((std::istreambuf_iterator<char>(in)), {});
  auto a = parse_nquads(first_text), b = parse_nquads(second.output);
  EXPECT_EQ(a.size(), 20u);
  EXPECT_TRUE(test::isomorphic(a, b)) << test::to_nquads(a) << "---\n" << test::to_nquads(b);
}

TEST(Cli, EveryExportFormatReloadsToTheSameDataset) {
  test::TempDir dir;
  auto trig = dir.path() / "data.trig";
  write_file(trig, std::string(kTurtle) +
                       "ex:g1 { ex:a ex:b \"in g1\" . _:x ex:in ex:g1 }\n"
                       "ex:g2 { ex:a ex:b \"in g2\"@en-GB }\n");
  auto db = quote((dir.path() / "db").string());
  ASSERT_EQ(run(moivre_binary() + " load --db " + db + " " + quote(trig.string())).exit_code, 0);
  auto reference = parse_nquads(run(moivre_binary() + " export --db " + db).output);
  EXPECT_EQ(reference.size(), 23u);
  for (std::string format : {"trig", "nq"}) {
    auto file = dir.path() / ("out." + format);
    ASSERT_EQ(run(moivre_binary() + " export --db " + db + " --format " + format + " -o " +
                  quote(file.string()))
                  .exit_code,
              0);
    auto db2 = quote((dir.path() / ("db-" + format)).string());
    auto loaded = run(moivre_binary() + " load --db " + db2 + " " + quote(file.string()));
    ASSERT_EQ(loaded.exit_code, 0) << loaded.output;
    EXPECT_TRUE(test::isomorphic(reference,
                                 parse_nquads(run(moivre_binary() + " export --db " + db2).output)))
        << format;
  }
  // Triple formats carry one graph: the default one, or the one named.
  for (std::string format : {"ttl", "nt"}) {
    auto file = dir.path() / ("out." + format);
    ASSERT_EQ(run(moivre_binary() + " export --db " + db + " --format " + format +
                  " --graph http://example.org/g1 -o " + quote(file.string()))
                  .exit_code,
              0);
    auto db2 = quote((dir.path() / ("db-" + format)).string());
    ASSERT_EQ(run(moivre_binary() + " load --db " + db2 + " " + quote(file.string())).exit_code, 0);
    EXPECT_EQ(parse_nquads(run(moivre_binary() + " export --db " + db2).output).size(), 2u)
        << format;
  }
}

TEST(Cli, SyntaxErrorNamesThePlaceAndChangesNothing) {
  test::TempDir dir;
  auto good = dir.path() / "good.ttl", bad = dir.path() / "bad.ttl";
  write_file(good, "<http://a/s> <http://a/p> 1 .\n");
  write_file(bad, "<http://a/s> <http://a/p> 2 .\n<http://a/s> <http://a/p> \"unterminated .\n");
  auto db = quote((dir.path() / "db").string());
  ASSERT_EQ(run(moivre_binary() + " load --db " + db + " " + quote(good.string())).exit_code, 0);
  auto before = run(moivre_binary() + " export --db " + db).output;
  auto r = run(moivre_binary() + " load --db " + db + " " + quote(good.string()) + " " +
               quote(bad.string()));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find(bad.string() + ":2:"), std::string::npos) << r.output;
  EXPECT_EQ(run(moivre_binary() + " export --db " + db).output, before);
}

TEST(Cli, LoadsGzipAndStdinAndReportsStats) {
  test::TempDir dir;
  auto db = quote((dir.path() / "db").string());
  auto lubm = std::string(BENCH_DIR) + "/data/lubm1.nt.gz";
  auto r = run(moivre_binary() + " load --db " + db + " " + quote(lubm));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("100,543 new quads"), std::string::npos) << r.output;
  r = run("printf '<http://a/s> <http://a/p> \"from stdin\" .\\n' | " + moivre_binary() +
          " load --db " + db + " --format nt --graph http://example.org/g -");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto stats = run(moivre_binary() + " stats --db " + db);
  EXPECT_EQ(stats.exit_code, 0);
  EXPECT_NE(stats.output.find("100,544"), std::string::npos) << stats.output;
  EXPECT_NE(stats.output.find("named graphs                         1"), std::string::npos)
      << stats.output;
  // stdin without --format cannot be guessed
  EXPECT_EQ(run("echo | " + moivre_binary() + " load --db " + db + " -").exit_code, 2);
}

TEST(Cli, UpdateAndQuery) {
  test::TempDir dir;
  auto db = quote((dir.path() / "db").string());
  auto r =
      run(moivre_binary() + " update --db " + db +
          " 'PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b \"c\" . ex:a ex:b \"d\" }'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Inserted 2, deleted 0 quads."), std::string::npos) << r.output;
  r = run(moivre_binary() + " query --db " + db +
          " --format csv 'SELECT ?o { ?s ?p ?o } ORDER BY ?o'");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output, "o\r\nc\r\nd\r\n");
  // A failing request leaves everything as it was.
  r = run(
      moivre_binary() + " update --db " + db +
      " 'DELETE DATA { <http://example.org/a> <http://example.org/b> \"c\" } ; LOAD <http://x/y>'");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find("nothing was changed"), std::string::npos) << r.output;
  r = run(moivre_binary() + " query --db " + db +
          " --format csv 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'");
  EXPECT_EQ(r.output, "n\r\n2\r\n");
  r = run(moivre_binary() + " query --db " + db + " 'SELECT ?x WHERE { ?x ?p }'");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find("line 1, column 25"), std::string::npos) << r.output;
}

TEST(Cli, MissingStoreAndFilesAreClearErrors) {
  test::TempDir dir;
  auto r = run(moivre_binary() + " export --db " + quote((dir.path() / "nothing").string()));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("no store at"), std::string::npos) << r.output;
  r = run(moivre_binary() + " load --db " + quote((dir.path() / "db").string()) +
          " /no/such/file.ttl");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("cannot open /no/such/file.ttl"), std::string::npos) << r.output;
}

TEST(Cli, LinkBeforeImportSaysWhatToDo) {
  test::TempDir dir;
  std::string db = (dir.path() / "db").string();
  ASSERT_EQ(run("printf '<http://a/s> <http://a/p> \"x\" .\\n' | " + moivre_binary() +
                " load --db " + quote(db) + " --format nt -")
                .exit_code,
            0);
  auto r = run(moivre_binary() + " link --db " + quote(db) + " --registry ror");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("import the registry first (moivre import ror"), std::string::npos)
      << r.output;
}

// A repeatable option takes one value per use: the positionals after it stay positionals.
TEST(Cli, RepeatableOptionsTakeOneValueEach) {
  test::TempDir dir;
  auto db = quote((dir.path() / "db").string());
  auto folder = dir.path() / "in";
  std::filesystem::create_directories(folder);
  {
    std::ofstream out(folder / "x.nt");
    out << "<http://example.org/a> <http://example.org/b> \"c\" .\n";
  }
  std::string load = "'LOAD <file://" + (folder / "x.nt").string() + ">'";
  auto r = run(moivre_binary() + " update --db " + db + " --allow-load " + quote(folder.string()) +
               " " + load);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Inserted 1"), std::string::npos) << r.output;
  // Repeated, before and after the positional.
  r = run(moivre_binary() + " update --db " + db + " --allow-load " + quote(folder.string()) + " " +
          load + " --allow-load " + quote(dir.path().string()));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  r = run(moivre_binary() + " query --db " + db + " --allow-service http://127.0.0.1:1/ " +
          "--format csv 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' --allow-service https://x.org/");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "n\r\n1\r\n");
}

// LOAD takes the file: IRI forms RFC 8089 gives, and a refusal says which are expected.
TEST(Cli, LoadTakesEveryFormOfFileIri) {
  test::TempDir dir;
  auto db = quote((dir.path() / "db").string());
  {
    std::ofstream out(dir.path() / "x.nt");
    out << "<http://example.org/a> <http://example.org/b> \"c\" .\n";
  }
  std::string file = (dir.path() / "x.nt").string();
  auto update = [&](const std::string& text) {
    return run(moivre_binary() + " update --db " + db + " --allow-load " +
               quote(dir.path().string()) + " " + quote(text));
  };
  for (const std::string& iri : {"file:" + file, "file://" + file, "file://localhost" + file}) {
    auto r = update("LOAD <" + iri + ">");
    EXPECT_EQ(r.exit_code, 0) << iri << ": " << r.output;
  }
  auto r = update("LOAD <http://example.org/x.nt>");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find("file:///path or file:/path"), std::string::npos) << r.output;
  r = update("LOAD <file://elsewhere" + file + ">");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find("absolute local path"), std::string::npos) << r.output;
}

// The table is for people: values, compact IRIs and visible language tags, aligned by display
// width; the machine formats keep the terms as they are.
TEST(Cli, TheTableShowsValuesForPeople) {
  test::TempDir dir;
  auto db = quote((dir.path() / "db").string());
  auto r = run(moivre_binary() + " update --db " + db +
               " 'PREFIX ex: <http://example.org/> PREFIX foaf: <http://xmlns.com/foaf/0.1/> "
               "INSERT DATA { ex:a foaf:name \"Théo\"@fr ; ex:age 42 ; ex:ok true ; "
               "ex:born \"2001-02-03\"^^<http://www.w3.org/2001/XMLSchema#date> ; "
               "ex:note \"plain\" ; ex:odd \"x\"^^ex:t ; ex:page <http://other.org/a/b?c> }'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = run(moivre_binary() + " query --db " + db +
          " 'PREFIX ex: <http://example.org/> SELECT ?p ?o { ex:a ?p ?o } ORDER BY ?p'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* cell :
       {"| ex:age ", "| 42 ", "| true ", "| 2001-02-03 ", "| plain ", "| Théo @fr ", "| x ^^ex:t ",
        "| <http://other.org/a/b?c> ", "| foaf:name "})
    EXPECT_NE(r.output.find(cell), std::string::npos) << cell << "\n" << r.output;
  EXPECT_EQ(r.output.find("XMLSchema"), std::string::npos) << r.output;
  // Every line of the table as wide on screen as the others.
  std::istringstream lines(r.output);
  std::set<size_t> widths;
  for (std::string line; std::getline(lines, line);)
    if (!line.empty() && (line[0] == '|' || line[0] == '+'))
      widths.insert(query::display_width(line));
  EXPECT_EQ(widths.size(), 1u) << r.output;
  r = run(moivre_binary() + " query --db " + db +
          " --format tsv 'PREFIX ex: <http://example.org/> SELECT ?o { ex:a ex:age ?o }'");
  EXPECT_EQ(r.output, "?o\n\"42\"^^<http://www.w3.org/2001/XMLSchema#integer>\n");
}
