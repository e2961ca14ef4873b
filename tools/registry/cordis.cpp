// CORDIS open-data CSV exports (organization.csv, project.csv) onto ORG, schema.org and DCTERMS;
// the mapping is documented in tools/README.md.
#include <algorithm>
#include <filesystem>
#include <set>

#include "registry/csv_records.hpp"
#include "registry/import_graph.hpp"
#include "registry/registry.hpp"

namespace moivre::registry {
namespace {

using graph::Term;
using namespace vocab;

// EU country codes to ISO 3166-1: UK -> GB, EL -> GR; others (XK) as they are.
std::string iso_country(const std::string& code) {
  if (code == "UK") return "GB";
  if (code == "EL") return "GR";
  return code;
}

// CORDIS money: a decimal point or a decimal comma, never thousands separators. As text, so no
// float rounding creeps in; empty when it is not a number.
std::string decimal(std::string value) {
  std::replace(value.begin(), value.end(), ',', '.');
  bool digits = false, point = false;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (std::isdigit(static_cast<unsigned char>(c)))
      digits = true;
    else if (c == '.' && !point)
      point = true;
    else if (!(c == '-' && i == 0))
      return {};
  }
  return digits ? value : std::string();
}

// "2018-07-19 09:17:05" -> "2018-07-19T09:17:05".
std::string date_time(std::string value) {
  if (value.size() == 19 && value[10] == ' ') value[10] = 'T';
  return value.size() == 19 ? value : std::string();
}

const std::vector<std::string> kOrganisationColumns = {"projectID",
                                                       "projectAcronym",
                                                       "organisationID",
                                                       "vatNumber",
                                                       "name",
                                                       "shortName",
                                                       "SME",
                                                       "activityType",
                                                       "street",
                                                       "postCode",
                                                       "city",
                                                       "country",
                                                       "nutsCode",
                                                       "geolocation",
                                                       "organizationURL",
                                                       "contactForm",
                                                       "contentUpdateDate",
                                                       "rcn",
                                                       "order",
                                                       "role",
                                                       "ecContribution",
                                                       "netEcContribution",
                                                       "totalCost",
                                                       "endOfParticipation",
                                                       "active"};
const std::vector<std::string> kProjectColumns = {
    "id",         "acronym",           "status",
    "title",      "startDate",         "endDate",
    "totalCost",  "ecMaxContribution", "legalBasis",
    "topics",     "ecSignatureDate",   "frameworkProgramme",
    "masterCall", "subCall",           "fundingScheme",
    "nature",     "objective",         "contentUpdateDate",
    "rcn",        "grantDoi"};

class CordisMapper {
 public:
  CordisMapper(GraphWriter& out, const std::string& base)
      : out_(out), base_(base), mv_(base + "vocab#") {}

  Term project(const std::string& id) {
    return Term::iri("https://cordis.europa.eu/project/id/" + id);
  }

  void organisation_row(const CsvRecords& row) {
    const std::string& project_id = row["projectID"];
    const std::string& pic = row["organisationID"];
    if (project_id.empty() || pic.empty())
      throw RecordError(row.where(), "no projectID or organisationID");
    Term p = project(project_id);
    out_.iri(p, kRdf + "type", kSchema + "ResearchProject");
    out_.text(p, kDcterms + "identifier", project_id);
    out_.text(p, kSkos + "prefLabel", row["projectAcronym"]);

    Term org = Term::iri(base_ + "cordis/pic/" + pic);
    out_.iri(org, kRdf + "type", kOrg + "Organization");
    out_.text(org, mv_ + "pic", pic);
    out_.text(org, kSkos + "prefLabel", row["name"]);
    if (row["shortName"] != row["name"]) out_.text(org, kSkos + "altLabel", row["shortName"]);
    out_.text(org, mv_ + "vatNumber", row["vatNumber"]);
    out_.text(org, mv_ + "activityType", row["activityType"]);
    if (row["SME"] == "true" || row["SME"] == "false")
      out_.typed(org, mv_ + "sme", row["SME"], kXsd + "boolean");
    std::string country = iso_country(row["country"]);
    out_.text(org, mv_ + "countryCode", country);
    out_.text(org, mv_ + "nutsCode", row["nutsCode"]);
    out_.iri(org, kFoaf + "homepage", row["organizationURL"]);
    out_.typed(org, kDcterms + "modified", date_time(row["contentUpdateDate"]), kXsd + "dateTime");
    if (!row["street"].empty() || !row["city"].empty() || !row["postCode"].empty()) {
      Term address = Term::iri(org.value + "#address");
      out_.add(org, Term::iri(kSchema + "address"), address);
      out_.iri(address, kRdf + "type", kSchema + "PostalAddress");
      out_.text(address, kSchema + "streetAddress", row["street"]);
      out_.text(address, kSchema + "postalCode", row["postCode"]);
      out_.text(address, kSchema + "addressLocality", row["city"]);
      out_.text(address, kSchema + "addressCountry", country);
    }
    const std::string& geo = row["geolocation"];
    if (auto comma = geo.find(','); comma != std::string::npos) {
      out_.typed(org, kSchema + "latitude", decimal(geo.substr(0, comma)), kXsd + "decimal");
      out_.typed(org, kSchema + "longitude", decimal(geo.substr(comma + 1)), kXsd + "decimal");
    }

    // The participation: who, in what, with which role and money.
    Term m = Term::iri(base_ + "cordis/participation/" + project_id + "-" + pic + "-" +
                       (row["order"].empty() ? "0" : row["order"]));
    out_.iri(m, kRdf + "type", kOrg + "Membership");
    out_.add(m, Term::iri(kOrg + "member"), org);
    out_.add(m, Term::iri(kOrg + "organization"), p);
    const std::string& role = row["role"];
    out_.text(m, mv_ + "cordisRole", role);
    if (role == "coordinator") out_.iri(m, kOrg + "role", mv_ + "Coordinator");
    out_.typed(m, mv_ + "participantOrder", row["order"], kXsd + "integer");
    out_.typed(m, mv_ + "ecContribution", decimal(row["ecContribution"]), kXsd + "decimal");
    out_.typed(m, mv_ + "netEcContribution", decimal(row["netEcContribution"]), kXsd + "decimal");
    out_.typed(m, mv_ + "totalCost", decimal(row["totalCost"]), kXsd + "decimal");
    if (row["endOfParticipation"] == "true" || row["endOfParticipation"] == "false")
      out_.typed(m, mv_ + "endOfParticipation", row["endOfParticipation"], kXsd + "boolean");
  }

  void project_row(const CsvRecords& row) {
    const std::string& id = row["id"];
    if (id.empty()) throw RecordError(row.where(), "no project id");
    Term p = project(id);
    out_.iri(p, kRdf + "type", kSchema + "ResearchProject");
    out_.text(p, kDcterms + "identifier", id);
    out_.text(p, kSkos + "prefLabel", row["acronym"]);
    out_.text(p, kDcterms + "title", row["title"]);
    out_.text(p, mv_ + "status", row["status"]);
    out_.typed(p, kSchema + "startDate", row["startDate"], kXsd + "date");
    out_.typed(p, kSchema + "endDate", row["endDate"], kXsd + "date");
    out_.typed(p, mv_ + "totalCost", decimal(row["totalCost"]), kXsd + "decimal");
    out_.typed(p, mv_ + "ecMaxContribution", decimal(row["ecMaxContribution"]), kXsd + "decimal");
    out_.text(p, mv_ + "frameworkProgramme", row["frameworkProgramme"]);
    out_.text(p, mv_ + "fundingScheme", row["fundingScheme"]);
    out_.text(p, mv_ + "legalBasis", row["legalBasis"]);
    out_.text(p, kDcterms + "description", row["objective"]);
    out_.typed(p, kDcterms + "modified", date_time(row["contentUpdateDate"]), kXsd + "dateTime");
    if (!row["grantDoi"].empty()) {
      out_.text(p, mv_ + "doi", row["grantDoi"]);
      out_.iri(p, kSchema + "sameAs", "https://doi.org/" + row["grantDoi"]);
    }
  }

 private:
  GraphWriter& out_;
  std::string base_, mv_;
};

// Columns of `expected` the file lacks, and columns it has that `expected` does not name.
std::string column_report(const CsvRecords& csv, const std::vector<std::string>& expected) {
  std::string missing, unknown;
  for (const auto& c : expected)
    if (!csv.has(c)) missing += (missing.empty() ? "" : ", ") + c;
  for (const auto& c : csv.header())
    if (std::find(expected.begin(), expected.end(), c) == expected.end())
      unknown += (unknown.empty() ? "" : ", ") + c;
  std::string out;
  if (!missing.empty()) out += "missing columns: " + missing;
  if (!unknown.empty()) out += std::string(out.empty() ? "" : "; ") + "unknown columns: " + unknown;
  return out;
}

}  // namespace

ImportSummary import_cordis(graph::Store& store, const std::vector<std::string>& files,
                            const ImportOptions& options, const std::string& programme) {
  ImportJob job;
  job.registry = "cordis-" + programme;
  job.title = "CORDIS, EU research projects (" + programme + ")";
  job.member_extension = ".csv";
  job.read = [&options](SourceFile& file, GraphWriter& out, RecordSink& sink) {
    CsvRecords csv(file);
    CordisMapper mapper(out, options.base_iri);
    bool organisations = csv.has("organisationID");
    bool projects = !organisations && csv.has("id") && (csv.has("acronym") || csv.has("title"));
    if (!organisations && !projects)
      throw RecordError(file.name() + ":1",
                        "neither a CORDIS organization.csv (organisationID) nor a project.csv "
                        "(id, acronym, title) header",
                        true);
    std::string report = column_report(csv, organisations ? kOrganisationColumns : kProjectColumns);
    if (!report.empty()) sink.note(file.name() + ": " + report);
    for (;;) {
      try {
        if (!csv.next()) break;
        if (organisations)
          mapper.organisation_row(csv);
        else
          mapper.project_row(csv);
        sink.imported();
      } catch (const RecordError& e) {
        if (e.fatal()) throw;
        sink.failed(e);
      }
    }
  };
  return run_import(store, files, job, options);
}

std::string cordis_programme_from_path(const std::string& path) {
  std::string lower;
  for (char c : path) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.find("h2020") != std::string::npos) return "h2020";
  if (lower.find("horizon") != std::string::npos) return "horizon";
  if (lower.find("fp7") != std::string::npos) return "fp7";
  return {};
}

}  // namespace moivre::registry
