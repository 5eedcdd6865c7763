#pragma once
// The file transports of `--sms file:///path.jsonl` and `--mail file:///path.jsonl` (tests,
// demos): each message appends one JSON line {"to", "subject"? (mail only), "text", "at"} and
// is synced to disk before send() reports success. Thread-safe; several transports may share
// one file (each line is one append-mode write()).

#include <mutex>
#include <string>

#include "notify/transport.hpp"

namespace abonado::notify {

class JsonlFile {
 public:
  // `clock` must outlive this object; it stamps "at".
  JsonlFile(std::string path, const Clock& clock) : path_(std::move(path)), clock_(clock) {}
  // Appends the line; a failure (missing directory, disk full) is transient.
  SendResult append(const Outgoing& m, bool with_subject);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  const Clock& clock_;
  std::mutex mu_;  // one append at a time from this object
};

class FileSmsTransport final : public SmsTransport {
 public:
  FileSmsTransport(std::string path, const Clock& clock) : file_(std::move(path), clock) {}
  SendResult send(const Outgoing& sms) override { return file_.append(sms, false); }

 private:
  JsonlFile file_;
};

class FileMailTransport final : public MailTransport {
 public:
  FileMailTransport(std::string path, const Clock& clock) : file_(std::move(path), clock) {}
  SendResult send(const Outgoing& mail) override { return file_.append(mail, true); }

 private:
  JsonlFile file_;
};

}  // namespace abonado::notify
