/* limit.c: the floor for an SFU's per-forwarded-packet cost on this machine.
 * One thread does what a forwarder must do for every receiver of a packet:
 * rewrite the RTP header, SRTP-protect it (AES-128-CTR + HMAC-SHA1-80, OpenSSL with AES-NI/SHA-NI),
 * and send it on a UDP socket (sendmmsg in batches) to one of N receiver sockets on 127.0.0.1.
 * Prints microseconds of the sending thread's CPU per forwarded packet: crypto only, send only, and both.
 *
 * Receivers: by default nobody reads them, so once a receiver's buffer is full the kernel drops each datagram
 * before it would wake a reader; that is the cheapest the loopback can be. "drain" starts a thread (pinned to
 * the last CPU, the sender to the first) that reads every receiver through epoll like a real client would, so
 * the sender also pays the wake-ups that a server forwarding to live receivers over loopback pays.
 *
 * Build: cc -O2 -pthread -o /tmp/limit limit.c -lcrypto
 * Run:   /tmp/limit [receivers=50] [packets=400000] [size=1200] [drain]
 * (sfu-benchmarks/limit/limit.sh builds it and runs both.) */
#define _GNU_SOURCE
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define BATCH 32
#define MAX_RX 1024
static int rx[MAX_RX], nrx;
static volatile int stop;

/* CPU seconds of the calling thread only (the drain thread's reads are not the forwarder's cost) */
static double cpu_s(void) { struct rusage r; getrusage(RUSAGE_THREAD, &r);
  return r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6; }

static void pin(int cpu) { cpu_set_t s; CPU_ZERO(&s); CPU_SET(cpu, &s); sched_setaffinity(0, sizeof s, &s); }

static void *drain(void *arg) {
  (void)arg;
  pin((int)sysconf(_SC_NPROCESSORS_ONLN) - 1);
  int ep = epoll_create1(0);
  for (int i = 0; i < nrx; i++) {
    struct epoll_event e = { .events = EPOLLIN, .data.fd = rx[i] };
    epoll_ctl(ep, EPOLL_CTL_ADD, rx[i], &e);
  }
  struct epoll_event ev[64]; char d[2048];
  while (!stop) {
    int k = epoll_wait(ep, ev, 64, 100);
    for (int i = 0; i < k; i++) while (recv(ev[i].data.fd, d, sizeof d, MSG_DONTWAIT) > 0);
  }
  return NULL;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 50, total = argc > 2 ? atoi(argv[2]) : 400000, size = argc > 3 ? atoi(argv[3]) : 1200;
  int drained = argc > 4 && strcmp(argv[4], "drain") == 0;
  if (n < 1 || n > MAX_RX || size < 12 || size > 1400) { fprintf(stderr, "receivers 1..%d, size 12..1400\n", MAX_RX); return 2; }
  unsigned char key[16] = {1}, iv[16] = {2}, akey[20] = {3};
  static unsigned char pkt[BATCH][1500];
  struct sockaddr_in dst[MAX_RX];
  int tx = socket(AF_INET, SOCK_DGRAM, 0);
  for (int i = 0; i < n; i++) {
    rx[i] = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    bind(rx[i], (void *)&a, sizeof a); socklen_t l = sizeof dst[i]; getsockname(rx[i], (void *)&dst[i], &l);
  }
  nrx = n;
  pthread_t reader;
  if (drained) { pin(0); pthread_create(&reader, NULL, drain, NULL); }
  EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
  EVP_EncryptInit_ex(c, EVP_aes_128_ctr(), NULL, key, iv);
  HMAC_CTX *h = HMAC_CTX_new(); HMAC_Init_ex(h, akey, 20, EVP_sha1(), NULL);
  struct mmsghdr msgs[BATCH]; struct iovec iov[BATCH];
  for (int mode = 0; mode < 3; mode++) { /* 0 crypto only, 1 send only, 2 both */
    double t0 = cpu_s(); int out; unsigned char tag[20]; unsigned int tl;
    for (int sent = 0; sent < total; sent += BATCH) {
      for (int b = 0; b < BATCH; b++) {
        unsigned char *p = pkt[b]; p[0] = 0x80; p[2] = sent >> 8; p[3] = sent; /* header rewrite */
        if (mode != 1) {
          iv[15] = (unsigned char)b; EVP_EncryptInit_ex(c, NULL, NULL, NULL, iv);
          EVP_EncryptUpdate(c, p + 12, &out, p + 12, size - 12);
          HMAC_Init_ex(h, NULL, 0, NULL, NULL); HMAC_Update(h, p, size); HMAC_Final(h, tag, &tl);
          memcpy(p + size, tag, 10);
        }
        iov[b].iov_base = p; iov[b].iov_len = size + 10;
        memset(&msgs[b].msg_hdr, 0, sizeof msgs[b].msg_hdr);
        msgs[b].msg_hdr.msg_iov = &iov[b]; msgs[b].msg_hdr.msg_iovlen = 1;
        msgs[b].msg_hdr.msg_name = &dst[(sent + b) % n]; msgs[b].msg_hdr.msg_namelen = sizeof dst[0];
      }
      if (mode != 0) sendmmsg(tx, msgs, BATCH, 0);
    }
    double us = (cpu_s() - t0) * 1e6 / total;
    printf("%s: %.2f us CPU per forwarded %d-byte packet (%d receivers, %s)\n",
           mode == 0 ? "srtp protect only" : mode == 1 ? "sendmmsg only    " : "protect + send   ", us, size, n,
           drained ? "receivers drained by a reader thread" : "receivers not read");
    if (!drained) for (int i = 0; i < n; i++) { char d[2000]; while (recv(rx[i], d, sizeof d, MSG_DONTWAIT) > 0); }
  }
  if (drained) { stop = 1; pthread_join(reader, NULL); }
  return 0;
}
