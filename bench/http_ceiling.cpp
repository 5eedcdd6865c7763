// The machine's ceiling for a trivial HTTP GET on loopback: an epoll loop per
// thread (SO_REUSEPORT) that answers every request with fixed bytes, doing no
// parsing beyond finding the end of the headers. Abonado's /health rate is
// reported as a ratio of this one, measured in the same run with the same wrk.
//   http_ceiling PORT [THREADS]

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace {

const char kResponse[] =
    "HTTP/1.1 200 OK\r\nServer: ceiling\r\nContent-Type: application/json\r\n"
    "Content-Length: 75\r\n\r\n"
    "{\"database\":\"sqlite\",\"operator\":\"pe-flash\",\"status\":\"up\",\"version\":\"0.1.0\"}";

int listen_on(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 1024) != 0) {
    std::perror("bind/listen");
    std::exit(1);
  }
  return fd;
}

void serve(int port) {
  int lfd = listen_on(port);
  int ep = epoll_create1(0);
  epoll_event ev{EPOLLIN, {.fd = lfd}};
  epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
  std::unordered_map<int, std::string> pending;  // bytes read but not yet answered
  std::vector<epoll_event> events(256);
  char buf[16384];
  for (;;) {
    int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), -1);
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == lfd) {
        int c;
        while ((c = accept4(lfd, nullptr, nullptr, SOCK_NONBLOCK)) >= 0) {
          int one = 1;
          setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          epoll_event cev{EPOLLIN, {.fd = c}};
          epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
        }
        continue;
      }
      ssize_t r = read(fd, buf, sizeof buf);
      if (r <= 0) {
        pending.erase(fd);
        close(fd);
        continue;
      }
      std::string& in = pending[fd];
      in.append(buf, static_cast<std::size_t>(r));
      std::size_t pos;
      while ((pos = in.find("\r\n\r\n")) != std::string::npos) {
        in.erase(0, pos + 4);
        if (write(fd, kResponse, sizeof kResponse - 1) < 0) break;
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: http_ceiling PORT [THREADS]\n");
    return 2;
  }
  int port = std::atoi(argv[1]);
  int threads = argc > 2 ? std::atoi(argv[2]) : 1;
  std::vector<std::thread> ts;
  for (int i = 1; i < threads; ++i) ts.emplace_back(serve, port);
  serve(port);
}
