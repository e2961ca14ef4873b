// Hostile input over a real socket: every function of the table at every argument count,
// numbers at and past the limits of int64, double and dates, LIMIT and OFFSET past 2^64, and odd
// Unicode (surrogates, NULs, astral characters, invalid UTF-8) in literals and IRIs. Each
// request gets an answer (200, or 4xx naming what was wrong), and after each another client is
// answered: no request ends the process.
#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <thread>

#include "query/functions.hpp"
#include "server/endpoint_fixture.hpp"

using namespace moivre;

namespace {

const std::string kPrefixes =
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> PREFIX : <http://example.org/> ";

class HostileInput : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    store_ = new test::TempStore;
    test::load_text(**store_, R"(@prefix : <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:a :p 1, -9223372036854775808, 1.5, 1e308, "x"@en, "Grüße 😀", :b, "2024-02-29T12:00:00Z"^^xsd:dateTime .
)",
                    graph::RdfSyntax::Turtle);
  }
  static void TearDownTestSuite() { delete store_; }

  void SetUp() override {
    server::ServerOptions options;
    options.access_log = false;
    options.query_timeout_seconds = 10;
    options.write_token = "t";
    server_ = std::make_unique<test::RunningServer>(**store_, options);
    hostile_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    other_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  // Posts a query and checks that another client is answered afterwards.
  httplib::Result query(const std::string& text) {
    auto res = hostile_->Post("/sparql", {{"Accept", "application/sparql-results+json"}}, text,
                              "application/sparql-query");
    auto after = other_->Get("/sparql?query=ASK%7B%7D");
    EXPECT_TRUE(after && after->status == 200) << "no answer after: " << text.substr(0, 200);
    return res;
  }

  // The JSON results of a query that must succeed.
  std::string answer(const std::string& text) {
    auto res = query(kPrefixes + text);
    if (!res) return "no answer";
    EXPECT_EQ(res->status, 200) << text << "\n" << res->body.substr(0, 300);
    return res->body;
  }

  static test::TempStore* store_;
  std::unique_ptr<test::RunningServer> server_;
  std::unique_ptr<httplib::Client> hostile_, other_;
};
test::TempStore* HostileInput::store_ = nullptr;

bool valid_utf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int extra = c < 0x80             ? 0
                : (c & 0xE0) == 0xC0 ? 1
                : (c & 0xF0) == 0xE0 ? 2
                : (c & 0xF8) == 0xF0 ? 3
                                     : -1;
    if (extra < 0 || i + extra >= s.size() + (extra == 0)) return false;
    for (int k = 1; k <= extra; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += 1 + extra;
  }
  return true;
}

bool has(const std::string& body, const std::string& part) {
  return body.find(part) != std::string::npos;
}

}  // namespace

TEST_F(HostileInput, EveryFunctionWithZeroToOneTooManyArguments) {
  const std::vector<std::string> samples = {"?v",
                                            "1",
                                            "\"a\"@en",
                                            ":a",
                                            "\"2024-01-01T00:00:00Z\"^^xsd:dateTime",
                                            "-9223372036854775808",
                                            "\"\"",
                                            "1e308",
                                            "\"x\"^^:unknown",
                                            "0.0"};
  int requests = 0;
  for (const auto& f : query::all_functions()) {
    std::string name(f.name);
    std::string callee = name.find(':') != std::string::npos ? "<" + name + ">" : name;
    size_t most = f.max_args == query::kVariadic ? f.min_args + 3u : f.max_args + 1u;
    for (size_t n = 0; n <= most; ++n) {
      for (size_t shift = 0; shift < 2; ++shift) {  // variables, then constants of every kind
        std::string args;
        for (size_t i = 0; i < n; ++i)
          args += (i ? ", " : "") + samples[(i + shift * (1 + n)) % samples.size()];
        std::string text =
            kPrefixes + "SELECT (" + callee + "(" + args + ") AS ?x) " + "{ :a :p ?v }";
        auto res = query(text);
        ++requests;
        ASSERT_TRUE(res) << text;
        bool arity_ok = query::accepts_arity(f, n);
        bool argument_ok = !f.variable_argument || n == 0 || args.substr(0, 2) == "?v";
        if (arity_ok && argument_ok) {
          EXPECT_EQ(res->status, 200) << text << "\n" << res->body.substr(0, 300);
        } else {
          EXPECT_EQ(res->status, 400) << text;
          EXPECT_TRUE(has(res->body, "line 1, column")) << res->body;
          if (!arity_ok) EXPECT_TRUE(has(res->body, name)) << res->body;
        }
      }
    }
  }
  EXPECT_GT(requests, 300);
}

TEST_F(HostileInput, NumbersAtAndPastTheLimits) {
  struct Case {
    std::string expression, expected;  // expected: a part of the JSON answer ("" none bound)
  };
  const std::string nines(400, '9');
  const std::vector<Case> cases = {
      {"9223372036854775807 + 1", "\"9223372036854775808\""},
      {"-9223372036854775808 - 1", "\"-9223372036854775809\""},
      {"-(-9223372036854775808)", "\"9223372036854775808\""},
      {"ABS(-9223372036854775808)", "\"9223372036854775808\""},
      {"-9223372036854775808 / -1", "\"9223372036854775808\""},
      {"18446744073709551615 * 18446744073709551615",
       "\"340282366920938463426481119284349108225\""},
      {"xsd:long(\"1\")", ""},  // not among SPARQL's casts: an unknown function
      {"ISNUMERIC(\"9223372036854775808\"^^xsd:long)", "\"false\""},
      {nines + " + 1", "\"1" + std::string(400, '0') + "\""},
      {"0.1 + 0.2", "\"0.3\""},
      {"1.7976931348623157e308 * 10", "\"INF\""},
      {"-1.7976931348623157e308 * 10", "\"-INF\""},
      {"4.9e-324 / 2", "\"0.0E0\""},
      {"1e309", "\"1e309\""},
      {"1e309 + 0", "\"INF\""},
      {"1e-400 + 0", "\"0.0E0\""},
      {"xsd:integer(1e308) > 0", "\"true\""},
      {"xsd:integer(\"INF\"^^xsd:double)", ""},
      {"xsd:decimal(\"NaN\"^^xsd:double)", ""},
      {"1 / 0", ""},
      {"1 / 0.0e0", "\"INF\""},
      {"ROUND(-0.5e0)", "\"-0.0E0\""},
      {"SUBSTR(\"abc\", -9223372036854775808, 9223372036854775807)", "\"value\":\"\""},
      {"SUBSTR(\"abc\", 2, " + nines + ")", "\"bc\""},
      {"xsd:dateTime(\"9999-12-31T23:59:59.999999999999Z\")",
       "\"9999-12-31T23:59:59.999999999999Z\""},
      {"YEAR(\"-999999999999999-01-01T00:00:00Z\"^^xsd:dateTime)", "\"-999999999999999\""},
      {"YEAR(\"99999999999999999999-01-01T00:00:00Z\"^^xsd:dateTime)", ""},  // too long a year
      {"\"10000-01-01T00:00:00Z\"^^xsd:dateTime > \"9999-12-31T23:59:59Z\"^^xsd:dateTime",
       "\"true\""},
      {"\"-999999999999999-01-01T00:00:00Z\"^^xsd:dateTime < "
       "\"0001-01-01T00:00:00Z\"^^xsd:dateTime",
       ""},  // beyond what the time line counts: not comparable
      {"xsd:dateTime(\"2023-02-29T00:00:00\")", ""},
      {"xsd:dateTime(\"2024-02-29T24:00:00+14:00\")", "\"2024-03-01T00:00:00+14:00\""},
      {"xsd:dateTime(\"2024-02-29T00:00:00+14:01\")", ""},
      {"TIMEZONE(\"2024-02-29T00:00:00-14:00\"^^xsd:dateTime)", "\"-PT14H\""},
  };
  for (const auto& c : cases) {
    std::string body = answer("SELECT (" + c.expression + " AS ?x) {}");
    if (c.expected.empty())
      EXPECT_FALSE(has(body, "\"x\":")) << c.expression << " -> " << body;
    else
      EXPECT_TRUE(has(body, c.expected)) << c.expression << " -> " << body.substr(0, 300);
  }
}

TEST_F(HostileInput, LimitAndOffsetPast2To64) {
  EXPECT_TRUE(has(answer("SELECT (COUNT(*) AS ?n) { SELECT * { ?s ?p ?o } LIMIT "
                         "18446744073709551616 }"),
                  "\"8\""));
  EXPECT_TRUE(has(answer("SELECT (COUNT(*) AS ?n) { SELECT * { ?s ?p ?o } OFFSET "
                         "18446744073709551616 }"),
                  "\"0\""));
  EXPECT_TRUE(has(answer("SELECT * { ?s ?p ?o } LIMIT 99999999999999999999999999999999999999 "
                         "OFFSET 99999999999999999999999999999999999999"),
                  "\"bindings\":[]"));
  EXPECT_TRUE(has(answer("SELECT * { ?s ?p ?o } LIMIT 0"), "\"bindings\":[]"));
}

TEST_F(HostileInput, OddUnicodeInLiteralsAndIris) {
  // Valid: NULs, astral characters, escaped or not, in literals and IRIs.
  std::string body = answer(
      "SELECT (\"a\\u0000b\" AS ?nul) (\"\\U0001F600😀\" AS ?astral) (<http://x/\\U0001F600> AS ?i) "
      "(STRLEN(\"😀\") AS ?n) (UCASE(\"ǆß\") AS ?u) (ENCODE_FOR_URI(\"😀\") AS ?e) {}");
  EXPECT_TRUE(has(body, "\"a\\u0000b\"")) << body;
  EXPECT_TRUE(has(body, "\"😀😀\"")) << body;
  EXPECT_TRUE(has(body, "\"http://x/😀\"")) << body;
  EXPECT_TRUE(has(body, "\"value\":\"1\"")) << body;
  EXPECT_TRUE(has(body, "\"ǄSS\"")) << body;
  EXPECT_TRUE(has(body, "\"%F0%9F%98%80\"")) << body;
  EXPECT_TRUE(has(answer("SELECT ?o { :a :p ?o FILTER(CONTAINS(?o, \"😀\")) }"), "Grüße 😀"));

  // Invalid: lone surrogates and code points past U+10FFFF in escapes, control characters in
  // IRIs, bytes that are not UTF-8. A 400 naming the place, in valid UTF-8.
  for (const std::string text :
       {"SELECT (\"\\uD800\" AS ?x) {}", "SELECT (\"\\uDFFF\\uD800\" AS ?x) {}",
        "SELECT (\"\\U00110000\" AS ?x) {}", "SELECT (<http://x/\\u0000> AS ?x) {}",
        "SELECT (<http://x/ y> AS ?x) {}", "SELECT (\"\xC3\" AS ?x) {}",
        "SELECT (\"\xED\xA0\x80\" AS ?x) {}", "SELECT (\"\xF4\x90\x80\x80\" AS ?x) {}",
        "SELECT (\"\xFF\" AS ?x) {}"}) {
    auto res = query(text);
    ASSERT_TRUE(res) << text;
    EXPECT_EQ(res->status, 400) << text << "\n" << res->body;
    EXPECT_TRUE(valid_utf8(res->body)) << text;
  }

  // The same through the Graph Store Protocol and an update: refused, the store unchanged.
  httplib::Headers auth{{"Authorization", "Bearer t"}};
  auto put = hostile_->Post("/store?default", auth, "<http://x/s> <http://x/p> \"\\uD800\" .",
                            "text/turtle");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 400) << put->body;
  auto update =
      hostile_->Post("/sparql", auth, "INSERT DATA { <http://x/s> <http://x/p> \"\xFF\" }",
                     "application/sparql-update");
  ASSERT_TRUE(update);
  EXPECT_EQ(update->status, 400) << update->body;
  EXPECT_TRUE(has(answer("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"), "\"8\""));
}

// Name search and the relationship finder take any text: odd Unicode, invalid UTF-8, NULs,
// huge and deep input, and numbers past their limits get an answer, never an end.
TEST_F(HostileInput, SearchAndPathsTakeAnyText) {
  std::string huge(100000, 'a');
  std::string many_words;
  for (int i = 0; i < 5000; ++i) many_words += "w" + std::to_string(i) + " ";
  const std::vector<std::string> texts = {"Grüße 😀",
                                          "\xed\xa0\x80",
                                          "\xff\xfe\xfd",
                                          std::string("a\0b", 3),
                                          "\u0301\u0301\u0301",
                                          "ﷺ",
                                          "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
                                          huge.substr(0, 7000),
                                          many_words.substr(0, 7000),
                                          "(((((((",
                                          "*",
                                          "\"",
                                          "x OR 1=1",
                                          "%00",
                                          "a*b?c"};
  for (const auto& text : texts) {
    std::string q = httplib::detail::encode_query_param(text);
    for (const std::string& target :
         {"/search?q=" + q, "/search?limit=1000&q=" + q, "/search?type=" + q + "&q=a",
          "/resource?iri=" + q, "/paths?from=" + q + "&to=" + q,
          "/paths?from=http%3A%2F%2Fexample.org%2Fa&to=" + q}) {
      auto res = hostile_->Get(target.c_str());
      ASSERT_TRUE(res) << target.substr(0, 100);
      EXPECT_LT(res->status, 500) << target.substr(0, 100);
      auto after = other_->Get("/health");
      ASSERT_TRUE(after && after->status == 200) << "no answer after " << target.substr(0, 100);
    }
  }
  for (const char* limits : {"&max=99999999999999999999", "&max=-1", "&max=6&limit=1000000",
                             "&limit=18446744073709551616", "&max=%00"}) {
    auto res = hostile_->Get(
        (std::string("/paths?from=http%3A%2F%2Fexample.org%2Fa&to=http%3A%2F%2Fexample.org%2Fb") +
         limits)
            .c_str());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << limits;
  }
  // SPARQL text:query with the same texts.
  for (const auto& text : texts) {
    std::string escaped;
    for (char c : text) {
      if (c == '"' || c == '\\') escaped += '\\';
      if (c == '\0') {
        escaped += "\\u0000";
        continue;
      }
      escaped += c;
    }
    auto res = query("PREFIX text: <http://jena.apache.org/text#> SELECT * { ?s text:query \"" +
                     escaped + "\" }");
    ASSERT_TRUE(res);
    EXPECT_LT(res->status, 500) << text.substr(0, 50);
  }
}
