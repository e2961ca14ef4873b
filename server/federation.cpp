// The server's SERVICE client (query/service.hpp, server/server.hpp's make_service_client).
#include <httplib.h>

#include "query/executor.hpp"
#include "query/service.hpp"
#include "server/server.hpp"

namespace moivre::server {
namespace {

using Clock = std::chrono::steady_clock;

class HttpServiceClient : public query::ServiceClient {
 public:
  HttpServiceClient(std::vector<std::string> allowed, size_t max_bytes)
      : allowed_(std::move(allowed)), max_bytes_(max_bytes) {}

  query::SolutionTable select(const std::string& endpoint, const std::string& text,
                              Clock::time_point deadline) const override {
    bool allowed = false;
    for (const auto& prefix : allowed_) allowed |= endpoint.rfind(prefix, 0) == 0;
    if (!allowed)
      throw query::ServiceRefused("SERVICE <" + endpoint +
                                  "> is not allowed: this server's operator names the endpoints "
                                  "it may query with --allow-service URL-PREFIX");
    size_t scheme = endpoint.find("://");
    if (scheme == std::string::npos ||
        (endpoint.compare(0, scheme, "http") != 0 && endpoint.compare(0, scheme, "https") != 0))
      throw query::ServiceRefused("SERVICE <" + endpoint + ">: only http and https endpoints");
    size_t slash = endpoint.find('/', scheme + 3);
    std::string origin = endpoint.substr(0, slash);
    std::string path = slash == std::string::npos ? "/" : endpoint.substr(slash);

    auto left = deadline - Clock::now();
    if (left <= Clock::duration::zero())
      throw query::QueryTimeout("query ran past its time limit before SERVICE <" + endpoint + ">");
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(left).count();
    time_t sec = static_cast<time_t>(std::min<int64_t>(micros / 1000000, 86400));
    time_t usec = static_cast<time_t>(micros % 1000000);
    httplib::Client client(origin);
    client.set_connection_timeout(sec, usec);
    client.set_read_timeout(sec, usec);
    client.set_write_timeout(sec, usec);

    httplib::Request req;
    req.method = "POST";
    req.path = path;
    req.headers = {
        {"Accept", "application/sparql-results+json, application/sparql-results+xml;q=0.9"},
        {"Content-Type", "application/x-www-form-urlencoded"},
        {"User-Agent", "Moivre"}};
    req.body = "query=" + httplib::detail::encode_query_param(text);
    std::string body;
    bool too_long = false;
    req.content_receiver = [&](const char* data, size_t length, uint64_t, uint64_t) {
      if (body.size() + length > max_bytes_) return !(too_long = true);
      body.append(data, length);
      return true;
    };
    httplib::Response res;
    httplib::Error error = httplib::Error::Success;
    bool sent = client.send(req, res, error);
    // Timeouts are counted in whole milliseconds: a request failing just before the deadline
    // failed for it.
    if (Clock::now() + std::chrono::milliseconds(sent ? 0 : 20) > deadline)
      throw query::QueryTimeout("query ran past its time limit waiting for SERVICE <" + endpoint +
                                ">");
    if (too_long)
      throw query::ServiceFailed("SERVICE <" + endpoint + ">: the answer is longer than " +
                                 std::to_string(max_bytes_ >> 20) + " MiB");
    if (!sent)
      throw query::ServiceFailed("SERVICE <" + endpoint + "> could not be queried (" +
                                 httplib::to_string(error) + ")");
    if (res.status != 200)
      throw query::ServiceFailed("SERVICE <" + endpoint + "> answered " +
                                 std::to_string(res.status) + ": " + body.substr(0, 200));
    try {
      return query::read_sparql_results(body, res.get_header_value("Content-Type"),
                                        "SERVICE <" + endpoint + ">");
    } catch (const query::ResultsFormatError& e) {
      throw query::ServiceFailed(e.what());
    }
  }

 private:
  std::vector<std::string> allowed_;
  size_t max_bytes_;
};

}  // namespace

std::unique_ptr<query::ServiceClient> make_service_client(std::vector<std::string> allowed,
                                                          size_t max_bytes) {
  return std::make_unique<HttpServiceClient>(std::move(allowed), max_bytes);
}

}  // namespace moivre::server
