/*
 * podvisor-launch --serve <podvisor-pid>: the launcher server (issue 17, "Scale").
 *
 * podvisor is a large process: every fork it makes copies its page tables (160-330 MB at 1000
 * pods) and blocks its one thread until the child has exec'ed. This small process starts them
 * instead: each request's PID 1 is cloned straight into its new namespaces (launch_as_init,
 * podvisor-launch.c), with its stdout, stderr and fd 3 status channel on pipes the server reads
 * and frames back to podvisor. The process tree per container is podvisor -> server -> PID 1,
 * with a parent-death chain at each level: PR_SET_PDEATHSIG(SIGKILL) here and in PID 1, which
 * arms it before checking, through a pipe only the server holds open, that the server still runs.
 * Where that clone fails, a forked launcher (launch_main) unshares and forks PID 1 itself (the
 * tree podvisor -> server -> launcher -> PID 1) and reports failures as util-linux's unshare.
 *
 * Requests on stdin, all integers u32 little-endian:
 *   length (of what follows) | id | argc | envc | cwd\0 | argv[argc]\0... | env[envc]\0...
 * Frames on stdout: type (u8) | id (u32) | length (u32) | payload
 *   1 spawned: pid (u32), is_init (u32: 1 when pid is the container's PID 1 itself, 0 when it is
 *     a launcher that forked PID 1)
 *   2 spawn-failed: message
 *   3 stdout / 4 stderr / 5 status: bytes
 *   6 exited: code (i32, -1 when signalled), signal (i32, 0 when none); sent only once the launcher
 *     is reaped and both its output pipes and its status pipe are at EOF, so no output is lost.
 * EOF on stdin: every launcher's process group gets SIGKILL and the server exits.
 * Writes to stdout block: a slow podvisor back-pressures the containers, as pipes did.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "podvisor-launch.h"

extern char **environ;

enum { FRAME_SPAWNED = 1, FRAME_SPAWN_FAILED, FRAME_STDOUT, FRAME_STDERR, FRAME_STATUS, FRAME_EXITED };
enum { STREAMS = 3, HEADER = 9, CHUNK = 65536 };
#define KEY_STDIN UINT64_MAX
#define KEY_SIGNALS (UINT64_MAX - 1)

struct child {
  int in_use;
  uint32_t id;
  pid_t pid;
  int is_reaped;
  int wait_status;
  int fds[STREAMS]; /* read ends of stdout, stderr, status; -1 once at EOF */
  int alive;        /* write end of a cloned PID 1's parent-alive pipe, until it reported; else -1 */
  int is_init;      /* pid is the container's PID 1 (cloned here), not a launcher */
  int mount_ns;     /* a cloned PID 1's mount namespace, held until it is reaped; else -1 */
};

static struct child *children;
static size_t child_count;
static int epoll_fd;
static int highest_fd = 2;
static unsigned char out[HEADER + CHUNK];

static void put_u32(unsigned char *at, uint32_t value) {
  for (int i = 0; i < 4; i++) at[i] = (unsigned char)(value >> (8 * i));
}

static uint32_t get_u32(const unsigned char *at) {
  return (uint32_t)at[0] | (uint32_t)at[1] << 8 | (uint32_t)at[2] << 16 | (uint32_t)at[3] << 24;
}

static void kill_all_and_exit(int code) {
  for (size_t i = 0; i < child_count; i++)
    if (children[i].in_use && !children[i].is_reaped) kill(-children[i].pid, SIGKILL);
  _exit(code);
}

static void write_all(const unsigned char *data, size_t size) {
  while (size > 0) {
    ssize_t n = write(STDOUT_FILENO, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) kill_all_and_exit(1); /* podvisor is gone */
    data += n;
    size -= (size_t)n;
  }
}

/* The payload is already at out + HEADER (output is read straight there: one copy less). */
static void send_frame(int type, uint32_t id, uint32_t size) {
  out[0] = (unsigned char)type;
  put_u32(out + 1, id);
  put_u32(out + 5, size);
  write_all(out, HEADER + size);
}

static void send_message(int type, uint32_t id, const char *text) {
  size_t size = strlen(text);
  if (size > CHUNK) size = CHUNK;
  memcpy(out + HEADER, text, size);
  send_frame(type, id, (uint32_t)size);
}

/*
 * The last reference to a mount namespace takes its mounts down and waits for an expedited RCU
 * grace period (0.6 ms in a kernel trace here, more when the CPUs are busy). Whichever process of a
 * container exits last would pay it, and a pid namespace's init is reaped only after every process
 * in it has exited, so it delayed every exit the server reports (bench/README.md, session 7: the
 * exit's p99 ~0.7 ms shorter without it).
 * The server holds each cloned container's mount namespace (mount_ns) instead, and drops it on
 * this thread once the exit is reported. The thread only reads and closes: it never holds a lock
 * of the C library, so a child cloned by the main thread may still use it as after fork.
 */
static int releases = -1; /* write end of the pipe that hands namespace fds to the releasing thread */

static void *release_namespaces(void *pipe_read) {
  int fd, source = (int)(intptr_t)pipe_read;
  for (;;) {
    ssize_t n = read(source, &fd, sizeof fd);
    if (n == (ssize_t)sizeof fd) close(fd);
    else if (n < 0 && errno == EINTR) continue;
    else return NULL;
  }
}

static void start_releasing_thread(void) {
  int fds[2];
  pthread_t thread;
  if (pipe2(fds, O_CLOEXEC) != 0) return;
  fcntl(fds[1], F_SETFL, O_NONBLOCK);
  if (pthread_create(&thread, NULL, release_namespaces, (void *)(intptr_t)fds[0]) != 0) {
    close(fds[0]), close(fds[1]);
    return;
  }
  if (fds[1] > highest_fd) highest_fd = fds[1];
  releases = fds[1];
}

static void hold_mount_namespace(struct child *c) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/ns/mnt", (int)c->pid);
  c->mount_ns = releases < 0 ? -1 : open(path, O_RDONLY | O_CLOEXEC);
  if (c->mount_ns > highest_fd) highest_fd = c->mount_ns;
}

static void release_mount_namespace(struct child *c) {
  if (c->mount_ns < 0) return;
  if (write(releases, &c->mount_ns, sizeof c->mount_ns) != (ssize_t)sizeof c->mount_ns) close(c->mount_ns);
  c->mount_ns = -1;
}

static void finish_if_done(struct child *c) {
  if (!c->is_reaped) return;
  for (int s = 0; s < STREAMS; s++)
    if (c->fds[s] >= 0) return;
  int status = c->wait_status;
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1, signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  // A PID 1 killed by signal N is reported as the launcher reports it: exit status 128 + N.
  if (c->is_init && signal != 0) code = 128 + signal, signal = 0;
  put_u32(out + HEADER, (uint32_t)code);
  put_u32(out + HEADER + 4, (uint32_t)signal);
  send_frame(FRAME_EXITED, c->id, 8);
  release_mount_namespace(c);
  c->in_use = 0;
}

static struct child *free_slot(void) {
  for (size_t i = 0; i < child_count; i++)
    if (!children[i].in_use) return &children[i];
  size_t first_new = child_count, grown = child_count == 0 ? 64 : child_count * 2;
  struct child *more = realloc(children, grown * sizeof *children);
  if (more == NULL) return NULL;
  memset(more + first_new, 0, (grown - first_new) * sizeof *more);
  children = more;
  child_count = grown;
  return &children[first_new];
}

static void close_from(int lowest) {
#ifdef SYS_close_range
  if (syscall(SYS_close_range, (unsigned)lowest, ~0U, 0) == 0) return;
#endif
  for (int fd = lowest; fd <= highest_fd; fd++) close(fd);
}

static void close_alive(struct child *c) {
  if (c->alive < 0) return;
  close(c->alive);
  c->alive = -1;
}

/*
 * In the new child: become what node's spawn(..., { detached: true }) made (its own session and
 * process group, stdin from /dev/null, fds 1-3 on the pipes, nothing else open but `keep`, which
 * goes to fd 4), in `cwd` with `env`.
 */
static void become_spawned(int pipes[STREAMS][2], int keep, const char *cwd, char **env) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  setsid();
  for (int s = 0; s < STREAMS; s++)
    if (dup2(pipes[s][1], s + 1) < 0) _exit(126);
  int null = open("/dev/null", O_RDONLY);
  if (null < 0 || dup2(null, STDIN_FILENO) < 0) _exit(126);
  if (keep >= 0 && dup2(keep, STREAMS + 1) < 0) _exit(126);
  close_from(keep >= 0 ? STREAMS + 2 : STREAMS + 1);
  if (chdir(cwd) != 0) {
    dprintf(3, "error chdir to cwd (\"%s\") failed: no such directory\n", cwd);
    _exit(128);
  }
  environ = env;
}

/*
 * clone(2) used as fork(2), with new namespaces: the child is PID 1 of its new pid namespace and
 * this server its parent, so no launcher process waits in between (one process less to create
 * per container, one less to wake when it exits). The server's other thread holds no lock of the
 * C library (release_namespaces), so the child may use it as after fork.
 */
static pid_t clone_into_namespaces(int flags) {
  return (pid_t)syscall(SYS_clone, (unsigned long)flags | SIGCHLD, NULL, NULL, NULL, 0UL);
}

/*
 * Starts one container: cloned straight into its namespaces as PID 1 (*is_init = 1), or, where
 * that clone fails, through a forked launcher (launch_main), which unshares and forks PID 1
 * itself and reports a failure in the words of util-linux's unshare.
 */
static pid_t start_container(int pipes[STREAMS][2], int *alive_write, int *is_init, const char *cwd,
                             char **argv, int argc, char **env) {
  int flags = launch_clone_flags(argc, argv);
  int alive[2];
  *alive_write = -1;
  *is_init = 0;
  if (flags >= 0 && pipe2(alive, O_CLOEXEC) == 0) {
    if (alive[1] > highest_fd) highest_fd = alive[1];
    uid_t uid = geteuid();
    gid_t gid = getegid();
    pid_t pid = clone_into_namespaces(flags);
    if (pid == 0) {
      become_spawned(pipes, alive[0], cwd, env);
      launch_as_init(argc, argv, STREAMS + 1, uid, gid);
    }
    close(alive[0]);
    if (pid > 0) {
      *alive_write = alive[1];
      *is_init = 1;
      return pid;
    }
    close(alive[1]);
  }
  pid_t pid = fork();
  if (pid == 0) {
    become_spawned(pipes, -1, cwd, env);
    _exit(launch_main(argc, argv));
  }
  return pid;
}

static void spawn_launcher(uint32_t id, const char *cwd, char **argv, int argc, char **env) {
  int pipes[STREAMS][2];
  char message[256];
  struct child *c = free_slot();
  if (c == NULL) {
    send_message(FRAME_SPAWN_FAILED, id, "launcher server: out of memory");
    return;
  }
  for (int s = 0; s < STREAMS; s++) {
    if (pipe2(pipes[s], O_CLOEXEC) == 0) {
      if (pipes[s][1] > highest_fd) highest_fd = pipes[s][1];
      continue;
    }
    snprintf(message, sizeof message, "launcher server: pipe: %s", strerror(errno));
    for (int t = 0; t < s; t++) close(pipes[t][0]), close(pipes[t][1]);
    send_message(FRAME_SPAWN_FAILED, id, message);
    return;
  }
  int alive, is_init;
  pid_t pid = start_container(pipes, &alive, &is_init, cwd, argv, argc, env);
  int fork_errno = errno;
  for (int s = 0; s < STREAMS; s++) close(pipes[s][1]);
  if (pid < 0) {
    for (int s = 0; s < STREAMS; s++) close(pipes[s][0]);
    snprintf(message, sizeof message, "launcher server: fork: %s", strerror(fork_errno));
    send_message(FRAME_SPAWN_FAILED, id, message);
    return;
  }
  *c = (struct child){.in_use = 1, .id = id, .pid = pid, .alive = alive, .is_init = is_init, .mount_ns = -1};
  if (is_init) hold_mount_namespace(c);
  for (int s = 0; s < STREAMS; s++) {
    c->fds[s] = pipes[s][0];
    fcntl(c->fds[s], F_SETFL, O_NONBLOCK);
    struct epoll_event event = {.events = EPOLLIN, .data.u64 = (uint64_t)(c - children) * STREAMS + s};
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, c->fds[s], &event);
  }
  put_u32(out + HEADER, (uint32_t)pid);
  put_u32(out + HEADER + 4, (uint32_t)is_init);
  send_frame(FRAME_SPAWNED, id, 8);
}

static void read_output(uint64_t key) {
  struct child *c = &children[key / STREAMS];
  int stream = (int)(key % STREAMS);
  ssize_t n = read(c->fds[stream], out + HEADER, CHUNK);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
  // PID 1 writes its status line only once its parent-death signal is armed and checked.
  if (stream == STREAMS - 1) close_alive(c);
  if (n > 0) {
    send_frame(FRAME_STDOUT + stream, c->id, (uint32_t)n);
    return;
  }
  epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c->fds[stream], NULL);
  close(c->fds[stream]);
  c->fds[stream] = -1;
  finish_if_done(c);
}

static void reap(int signals) {
  struct signalfd_siginfo info;
  while (read(signals, &info, sizeof info) > 0) continue;
  for (;;) {
    int status;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid <= 0) return;
    for (size_t i = 0; i < child_count; i++) {
      struct child *c = &children[i];
      if (!c->in_use || c->is_reaped || c->pid != pid) continue;
      c->is_reaped = 1;
      c->wait_status = status;
      close_alive(c);
      finish_if_done(c);
      break;
    }
  }
}

static void malformed(void) {
  fprintf(stderr, "podvisor-launch --serve: malformed request\n");
  kill_all_and_exit(2);
}

/* Splits one request (after its length) into NUL-terminated strings and launches it. */
static void handle_request(unsigned char *body, uint32_t size) {
  if (size < 12) malformed();
  uint32_t id = get_u32(body), argc = get_u32(body + 4), envc = get_u32(body + 8);
  if (argc < 1 || argc > size || envc > size) malformed();
  char **strings = calloc((size_t)argc + envc + 3, sizeof *strings);
  if (strings == NULL) {
    send_message(FRAME_SPAWN_FAILED, id, "launcher server: out of memory");
    return;
  }
  char *at = (char *)body + 12, *end = (char *)body + size;
  for (uint32_t i = 0; i < 1 + argc + envc; i++) {
    char *nul = memchr(at, '\0', (size_t)(end - at));
    if (nul == NULL) malformed();
    strings[i + (i > argc ? 1 : 0)] = at;
    at = nul + 1;
  }
  /* strings: cwd, argv[argc], NULL, env[envc], NULL */
  spawn_launcher(id, strings[0], strings + 1, (int)argc, strings + argc + 2);
  free(strings);
}

static void read_requests(void) {
  static unsigned char *buffer;
  static size_t used, capacity;
  if (capacity - used < CHUNK) {
    unsigned char *more = realloc(buffer, capacity + CHUNK);
    if (more == NULL) kill_all_and_exit(1);
    buffer = more;
    capacity += CHUNK;
  }
  ssize_t n = read(STDIN_FILENO, buffer + used, capacity - used);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
  if (n <= 0) kill_all_and_exit(0); /* podvisor closed its end: nothing may outlive it */
  used += (size_t)n;
  size_t start = 0;
  while (used - start >= 4) {
    uint32_t size = get_u32(buffer + start);
    if (used - start - 4 < size) break;
    handle_request(buffer + start + 4, size);
    start += 4 + size;
  }
  memmove(buffer, buffer + start, used - start);
  used -= start;
}

static void watch(int fd, uint64_t key) {
  struct epoll_event event = {.events = EPOLLIN, .data.u64 = key};
  if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0) {
    perror("podvisor-launch --serve: epoll_ctl");
    _exit(1);
  }
}

int serve_main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "podvisor-launch: bad arguments (built by podvisor's process backend only)\n");
    return 2;
  }
  // Armed first, then checked: podvisor must still be the parent once the signal is armed.
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return 1;
  if (getppid() != (pid_t)atol(argv[2])) return 1;
  // One launcher holds three pipes here: thousands of containers need more than 1024 descriptors.
  struct rlimit files;
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  int signals = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
  epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  if (signals < 0 || epoll_fd < 0) {
    perror("podvisor-launch --serve");
    return 1;
  }
  watch(STDIN_FILENO, KEY_STDIN);
  watch(signals, KEY_SIGNALS);
  start_releasing_thread();
  struct epoll_event events[256];
  for (;;) {
    int ready = epoll_wait(epoll_fd, events, 256, -1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) kill_all_and_exit(1);
    for (int i = 0; i < ready; i++) {
      uint64_t key = events[i].data.u64;
      if (key == KEY_STDIN) read_requests();
      else if (key == KEY_SIGNALS) reap(signals);
      else read_output(key);
    }
  }
}
