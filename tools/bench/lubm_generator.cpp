#include "bench/lubm_generator.hpp"

#include <algorithm>
#include <vector>

namespace moivre::bench {
namespace {

const std::string kUb = "http://swat.cse.lehigh.edu/onto/univ-bench.owl#";
const std::string kType = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t next() {  // SplitMix64
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi].
  int range(int lo, int hi) { return lo + static_cast<int>(next() % (hi - lo + 1)); }
  // `k` distinct values of [0, n), k <= n.
  std::vector<int> distinct(int k, int n) {
    std::vector<int> out;
    while (static_cast<int>(out.size()) < std::min(k, n)) {
      int v = range(0, n - 1);
      if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    }
    return out;
  }

 private:
  uint64_t state_;
};

class UniversityWriter {
 public:
  UniversityWriter(uint64_t seed, int u, const LineSink& out)
      : random_(seed * 1000003 + u + 1), u_(u), out_(out) {}

  void write() {
    std::string univ = university(u_);
    type(univ, "University");
    prop(univ, "name", literal("University" + std::to_string(u_)));
    int departments = random_.range(15, 25);
    for (int d = 0; d < departments; ++d) department(d);
  }

 private:
  static std::string university(int u) {
    return "<http://www.University" + std::to_string(u) + ".edu>";
  }
  static std::string literal(const std::string& s) { return "\"" + s + "\""; }

  void triple(const std::string& s, const std::string& p, const std::string& o) {
    out_(s + " " + p + " " + o + " .\n");
  }
  void prop(const std::string& s, const std::string& p, const std::string& o) {
    triple(s, "<" + kUb + p + ">", o);
  }
  void type(const std::string& s, const std::string& cls) {
    triple(s, kType, "<" + kUb + cls + ">");
  }

  // A degree from any of 1,000 universities, each mention typing it (as the original does).
  void degree(const std::string& person, const char* property) {
    std::string univ = university(random_.range(0, 999));
    prop(person, property, univ);
    type(univ, "University");
  }

  struct Person {
    std::string iri, local;
  };

  void contact(const Person& p, const std::string& dept_host) {
    prop(p.iri, "name", literal(p.local));
    prop(p.iri, "emailAddress", literal(p.local + "@" + dept_host));
    prop(p.iri, "telephone", literal("xxx-xxx-xxxx"));
  }

  void department(int d) {
    std::string host =
        "Department" + std::to_string(d) + ".University" + std::to_string(u_) + ".edu";
    std::string base = "http://www." + host + "/";
    std::string dept = "<http://www." + host + ">";
    type(dept, "Department");
    prop(dept, "name", literal("Department" + std::to_string(d)));
    prop(dept, "subOrganizationOf", university(u_));

    struct Rank {
      const char* cls;
      int lo, hi, pub_lo, pub_hi;
      bool professor;
    };
    const Rank ranks[] = {{"FullProfessor", 7, 10, 15, 20, true},
                          {"AssociateProfessor", 10, 14, 10, 18, true},
                          {"AssistantProfessor", 8, 11, 5, 10, true},
                          {"Lecturer", 5, 7, 0, 5, false}};
    std::vector<Person> professors;
    std::vector<std::string> publications;
    int courses = 0, graduate_courses = 0, faculty = 0;
    for (const auto& rank : ranks) {
      int n = random_.range(rank.lo, rank.hi);
      for (int i = 0; i < n; ++i, ++faculty) {
        std::string local = std::string(rank.cls) + std::to_string(i);
        Person p{"<" + base + local + ">", local};
        type(p.iri, rank.cls);
        contact(p, host);
        prop(p.iri, "worksFor", dept);
        if (rank.professor) {
          prop(p.iri, "researchInterest",
               literal("Research" + std::to_string(random_.range(0, 29))));
          professors.push_back(p);
        }
        if (std::string(rank.cls) == "FullProfessor" && i == 0) prop(p.iri, "headOf", dept);
        degree(p.iri, "undergraduateDegreeFrom");
        degree(p.iri, "mastersDegreeFrom");
        degree(p.iri, "doctoralDegreeFrom");
        for (int c = random_.range(1, 2); c > 0; --c) {
          std::string course = "<" + base + "Course" + std::to_string(courses) + ">";
          type(course, "Course");
          prop(course, "name", literal("Course" + std::to_string(courses++)));
          prop(p.iri, "teacherOf", course);
        }
        for (int c = random_.range(1, 2); c > 0; --c) {
          std::string course =
              "<" + base + "GraduateCourse" + std::to_string(graduate_courses) + ">";
          type(course, "GraduateCourse");
          prop(course, "name", literal("GraduateCourse" + std::to_string(graduate_courses++)));
          prop(p.iri, "teacherOf", course);
        }
        for (int k = 0, n_pub = random_.range(rank.pub_lo, rank.pub_hi); k < n_pub; ++k) {
          std::string pub = "<" + base + local + "/Publication" + std::to_string(k) + ">";
          type(pub, "Publication");
          prop(pub, "name", literal("Publication" + std::to_string(k)));
          prop(pub, "publicationAuthor", p.iri);
          publications.push_back(pub);
        }
      }
    }
    // Undergraduates: 8-14 per faculty member; 2-4 courses; a fifth with an advisor.
    int undergraduates = faculty * random_.range(8, 14);
    for (int j = 0; j < undergraduates; ++j) {
      std::string local = "UndergraduateStudent" + std::to_string(j);
      Person s{"<" + base + local + ">", local};
      type(s.iri, "UndergraduateStudent");
      contact(s, host);
      prop(s.iri, "memberOf", dept);
      for (int c : random_.distinct(random_.range(2, 4), courses))
        prop(s.iri, "takesCourse", "<" + base + "Course" + std::to_string(c) + ">");
      if (random_.range(0, 4) == 0)
        prop(s.iri, "advisor", professors[random_.range(0, professors.size() - 1)].iri);
    }
    // Graduate students: 3-4 per faculty member; 1-3 graduate courses; an advisor; 0-5
    // publications co-authored; some assist in teaching (an undergraduate course each) or research.
    int graduates = faculty * random_.range(3, 4);
    int assistants = graduates / random_.range(4, 5);
    int research = graduates / random_.range(3, 4);
    std::vector<int> taught = random_.distinct(assistants, courses);
    for (int j = 0; j < graduates; ++j) {
      std::string local = "GraduateStudent" + std::to_string(j);
      Person s{"<" + base + local + ">", local};
      type(s.iri, "GraduateStudent");
      contact(s, host);
      prop(s.iri, "memberOf", dept);
      degree(s.iri, "undergraduateDegreeFrom");
      for (int c : random_.distinct(random_.range(1, 3), graduate_courses))
        prop(s.iri, "takesCourse", "<" + base + "GraduateCourse" + std::to_string(c) + ">");
      prop(s.iri, "advisor", professors[random_.range(0, professors.size() - 1)].iri);
      for (int k : random_.distinct(random_.range(0, 5), publications.size()))
        prop(publications[k], "publicationAuthor", s.iri);
      if (j < static_cast<int>(taught.size())) {
        type(s.iri, "TeachingAssistant");
        prop(s.iri, "teachingAssistantOf", "<" + base + "Course" + std::to_string(taught[j]) + ">");
      } else if (j < static_cast<int>(taught.size()) + research) {
        type(s.iri, "ResearchAssistant");
      }
    }
    for (int g = 0, groups = random_.range(10, 20); g < groups; ++g) {
      std::string group = "<" + base + "ResearchGroup" + std::to_string(g) + ">";
      type(group, "ResearchGroup");
      prop(group, "subOrganizationOf", dept);
    }
  }

  Random random_;
  int u_;
  const LineSink& out_;
};

}  // namespace

void generate_university(uint64_t seed, int u, const LineSink& out) {
  UniversityWriter(seed, u, out).write();
}

}  // namespace moivre::bench
