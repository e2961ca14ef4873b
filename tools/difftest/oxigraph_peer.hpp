// Oxigraph as a child process (node tools/difftest/oxigraph-peer.mjs), spoken to one JSON line
// at a time over pipes. A request that takes longer than its time limit kills the process (it
// is started again on the next request) and reports a time-out.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>

namespace moivre::difftest {

struct PeerAnswer {
  enum class Status { Ok, Error, Timeout } status = Status::Ok;
  std::string body;  // Ok: the query's results; Error: Oxigraph's message
};

class OxigraphPeer {
 public:
  explicit OxigraphPeer(std::string script);
  ~OxigraphPeer();
  OxigraphPeer(const OxigraphPeer&) = delete;
  OxigraphPeer& operator=(const OxigraphPeer&) = delete;

  // Replaces the store's content with a TriG document.
  PeerAnswer load(const std::string& trig);
  // form: "select", "ask" or "construct".
  PeerAnswer query(const std::string& form, const std::string& text,
                   std::chrono::milliseconds limit);
  // Ends the process; the next request starts another, with the data loaded again.
  void restart() { stop(); }

 private:
  void start();
  void stop();
  PeerAnswer request(const std::string& json, std::chrono::milliseconds limit);

  std::string script_;
  pid_t pid_ = -1;
  int to_child_ = -1, from_child_ = -1;
  std::string pending_;  // read past the last answer
  std::string loaded_;   // the data, loaded again into a process started after a time-out
};

}  // namespace moivre::difftest
