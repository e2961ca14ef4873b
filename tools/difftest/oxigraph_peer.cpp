#include "difftest/oxigraph_peer.hpp"

#include <fcntl.h>
#include <poll.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

namespace moivre::difftest {
namespace {

std::string json_request(std::initializer_list<std::pair<const char*, const std::string*>> fields) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> writer(out);
  writer.StartObject();
  for (const auto& [key, value] : fields) {
    writer.Key(key);
    writer.String(value->data(), static_cast<rapidjson::SizeType>(value->size()));
  }
  writer.EndObject();
  return std::string(out.GetString(), out.GetSize()) + "\n";
}

}  // namespace

OxigraphPeer::OxigraphPeer(std::string script) : script_(std::move(script)) {
  start();
}

OxigraphPeer::~OxigraphPeer() {
  stop();
}

void OxigraphPeer::start() {
  int in[2], out[2];
  if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("cannot make pipes for node");
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("cannot start node");
  if (pid_ == 0) {
    dup2(in[0], STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);
    // Oxigraph's panics come back in the answer; node's own report of them is noise.
    if (int null = open("/dev/null", O_WRONLY); null >= 0) dup2(null, STDERR_FILENO);
    close(in[0]), close(in[1]), close(out[0]), close(out[1]);
    execlp("node", "node", script_.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  to_child_ = in[1];
  from_child_ = out[0];
  pending_.clear();
}

void OxigraphPeer::stop() {
  if (pid_ <= 0) return;
  close(to_child_);
  close(from_child_);
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

PeerAnswer OxigraphPeer::request(const std::string& json, std::chrono::milliseconds limit) {
  if (pid_ <= 0) start();
  for (size_t written = 0; written < json.size();) {
    ssize_t n = write(to_child_, json.data() + written, json.size() - written);
    if (n <= 0) {
      stop();
      return {PeerAnswer::Status::Error, "node is gone (is oxigraph installed in tools/difftest?)"};
    }
    written += static_cast<size_t>(n);
  }
  auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (auto nl = pending_.find('\n'); nl != std::string::npos) {
      std::string line = pending_.substr(0, nl);
      pending_.erase(0, nl + 1);
      rapidjson::Document doc;
      doc.Parse(line.c_str());
      if (doc.HasParseError() || !doc.IsObject())
        return {PeerAnswer::Status::Error, "unreadable answer from node: " + line.substr(0, 200)};
      if (doc.HasMember("error")) return {PeerAnswer::Status::Error, doc["error"].GetString()};
      if (doc.HasMember("body")) return {PeerAnswer::Status::Ok, doc["body"].GetString()};
      return {PeerAnswer::Status::Ok, ""};
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd fd{from_child_, POLLIN, 0};
    if (left.count() <= 0 || poll(&fd, 1, static_cast<int>(left.count())) <= 0) {
      stop();
      return {PeerAnswer::Status::Timeout, ""};
    }
    char buf[65536];
    ssize_t n = read(from_child_, buf, sizeof buf);
    if (n <= 0) {
      stop();
      return {PeerAnswer::Status::Error, "node is gone (is oxigraph installed in tools/difftest?)"};
    }
    pending_.append(buf, static_cast<size_t>(n));
  }
}

PeerAnswer OxigraphPeer::load(const std::string& trig) {
  std::string op = "load";
  loaded_ = trig;
  return request(json_request({{"op", &op}, {"data", &trig}}), std::chrono::seconds(30));
}

PeerAnswer OxigraphPeer::query(const std::string& form, const std::string& text,
                               std::chrono::milliseconds limit) {
  std::string op = "query";
  if (pid_ <= 0 && !loaded_.empty()) load(loaded_);
  return request(json_request({{"op", &op}, {"form", &form}, {"text", &text}}), limit);
}

}  // namespace moivre::difftest
