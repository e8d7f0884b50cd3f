/*
 * podvisor-launch: starts one container of podvisor's process backend in one process (issue 17).
 *
 * It does what the shell chain of src/runtime/process/launch-command.ts does with five programs
 * (setpriv → unshare → sh → setpriv → sh → mount → exec), with the same observable result: the
 * container's program runs as PID 1 of a new pid namespace, in a private mount namespace with a
 * fresh /proc and its bind mounts, killed when podvisor dies (PR_SET_PDEATHSIG at both levels),
 * in its working directory, with exactly the environment podvisor spawned it with. Its fd 3
 * protocol and its failure messages are the chain's, word for word: where a system call fails,
 * the launcher runs the same util-linux/coreutils command the chain would have run and reports
 * that command's own output, so a failing mount reads exactly as before.
 *
 * Built by scripts/build-launcher.sh (never committed); podvisor uses it only after a self-check
 * (src/runtime/process/native-launcher.ts) and falls back to the chain otherwise.
 *
 * Usage (the arguments are built by native-launcher.ts, not by hand):
 *   podvisor-launch 1 <parent-pid> <host|userns> <mount> <mkdir> <sh> <workingDir> <n>
 *                   { <d|f><r|w> <source> <target> }*n -- <argv...>
 * fd 3: exactly one line, "started" (then argv is exec'd) or "error <message>" (exit 128).
 *
 *   podvisor-launch --serve <podvisor-pid>
 * is the long-lived launcher server (native/launch-server.c): it clones each container's PID 1
 * into its new namespaces itself (launch_as_init), with no launcher process in between.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "podvisor-launch.h"

extern char **environ;

#define STATUS_FD 3
#define SETUP_FAILED 128

struct bind {
  int is_directory;
  int read_only;
  const char *source;
  const char *target;
};

struct config {
  pid_t parent;
  int userns;
  const char *mount_tool;
  const char *mkdir_tool;
  const char *sh;
  const char *working_dir;
  int bind_count;
  struct bind *binds;
  char **argv;
};

/* Before the namespaces exist: report as util-linux's unshare would, on stderr, exit 1. */
static void die_setup(const char *what) {
  fprintf(stderr, "unshare: %s: %s\n", what, strerror(errno));
  _exit(1);
}

/* The chain's `fail`: one status line on fd 3, exit 128. */
static void fail_status(const char *format, ...) {
  char message[8192];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof message, format, args);
  va_end(args);
  dprintf(STATUS_FD, "error %s\n", message);
  _exit(SETUP_FAILED);
}

/*
 * Runs a command as the chain's `$(command 2>&1)` does: its output, trailing newlines removed,
 * into `output`; returns its exit status (non-zero when it could not run).
 */
static int run_captured(char *const argv[], char *output, size_t size) {
  int fds[2];
  output[0] = '\0';
  if (pipe2(fds, O_CLOEXEC) != 0) return 1;
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return 1;
  }
  if (pid == 0) {
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    execve(argv[0], argv, environ);
    dprintf(2, "%s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  close(fds[1]);
  size_t used = 0;
  for (;;) {
    char chunk[1024];
    ssize_t n = read(fds[0], chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    size_t take = (size_t)n < size - 1 - used ? (size_t)n : size - 1 - used;
    memcpy(output + used, chunk, take);
    used += take;
  }
  close(fds[0]);
  output[used] = '\0';
  while (used > 0 && output[used - 1] == '\n') output[--used] = '\0';
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return 1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int mkdir_parents(const char *path) {
  char buffer[4096];
  if (snprintf(buffer, sizeof buffer, "%s", path) >= (int)sizeof buffer) return -1;
  for (char *p = buffer + 1;; p++) {
    if (*p != '/' && *p != '\0') continue;
    char saved = *p;
    *p = '\0';
    if (mkdir(buffer, 0777) != 0 && errno != EEXIST) return -1;
    struct stat st;
    if (stat(buffer, &st) != 0 || !S_ISDIR(st.st_mode)) return -1;
    *p = saved;
    if (saved == '\0') return 0;
  }
}

/* The chain's mount point step: [ -e T ] || { mkdir -p PARENT && : > T (files); } || fail. */
static void ensure_mount_point(const struct config *c, const struct bind *b) {
  struct stat st;
  if (stat(b->target, &st) == 0) return;
  char parent[4096];
  snprintf(parent, sizeof parent, "%s", b->target);
  if (!b->is_directory) {
    char *slash = strrchr(parent, '/');
    if (slash == parent) slash[1] = '\0';
    else if (slash != NULL) *slash = '\0';
  }
  char output[4096] = "";
  if (mkdir_parents(parent) != 0) {
    char *argv[] = {(char *)c->mkdir_tool, "-p", parent, NULL};
    if (run_captured(argv, output, sizeof output) != 0)
      fail_status("mount point %s: %s", b->target, output);
    output[0] = '\0';
  }
  if (b->is_directory) return;
  int fd = open(b->target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) fail_status("mount point %s: ", b->target);
  close(fd);
}

static void bind_mount(const struct config *c, const struct bind *b) {
  char output[4096];
  ensure_mount_point(c, b);
  if (mount(b->source, b->target, NULL, MS_BIND, NULL) != 0) {
    char *argv[] = {(char *)c->mount_tool, "--bind", (char *)b->source, (char *)b->target, NULL};
    if (run_captured(argv, output, sizeof output) != 0) fail_status("mount %s: %s", b->target, output);
  }
  if (!b->read_only) return;
  // A user namespace may not drop flags the host mount has locked (nosuid, nodev): retry with them.
  if (mount(NULL, b->target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) == 0) return;
  if (mount(NULL, b->target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) == 0)
    return;
  char *plain[] = {(char *)c->mount_tool, "-o", "remount,bind,ro", (char *)b->target, NULL};
  if (run_captured(plain, output, sizeof output) == 0) return;
  char *locked[] = {(char *)c->mount_tool, "-o", "remount,bind,ro,nosuid,nodev", (char *)b->target, NULL};
  if (run_captured(locked, output, sizeof output) != 0)
    fail_status("remount read-only %s: %s", b->target, output);
}

static int is_executable_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/*
 * The chain's executable check (containerd's messages) and the path `exec` will run: a name with
 * a slash as given; else the first regular executable file along the container's $PATH, where an
 * empty entry is the working directory (sh splits $PATH on ':' and drops a trailing empty field).
 */
static const char *find_executable(const char *name, char *found, size_t size) {
  if (strchr(name, '/') != NULL) {
    struct stat st;
    if (stat(name, &st) != 0) fail_status("exec: \"%s\": stat %s: no such file or directory", name, name);
    if (S_ISDIR(st.st_mode) || access(name, X_OK) != 0) fail_status("exec: \"%s\": permission denied", name);
    return name;
  }
  const char *path = getenv("PATH");
  if (path != NULL && *path != '\0') {
    const char *entry = path;
    for (;;) {
      const char *end = strchrnul(entry, ':');
      if (*end == '\0' && end == entry && entry != path) break; /* trailing ':' */
      int length = (int)(end - entry);
      if (length == 0) snprintf(found, size, "./%s", name);
      else snprintf(found, size, "%.*s/%s", length, entry, name);
      if (is_executable_file(found)) return found;
      if (*end == '\0') break;
      entry = end + 1;
    }
  }
  fail_status("exec: \"%s\": executable file not found in $PATH", name);
  return NULL;
}

/* PID 1 of the new namespaces: /proc, the bind mounts, the working directory, then exec. */
static void become_init(const struct config *c, int parent_alive) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) die_setup("prctl(PR_SET_PDEATHSIG) failed");
  // The launcher may have died before the line above: its end of the pipe is then closed.
  struct pollfd alive = {.fd = parent_alive, .events = POLLIN};
  if (poll(&alive, 1, 0) != 0) _exit(SETUP_FAILED);
  close(parent_alive);
  // As the chain's `mount -t proc proc /proc 2>/dev/null`: a /proc that cannot be mounted is not fatal.
  (void)mount("proc", "/proc", "proc", 0, NULL);
  for (int i = 0; i < c->bind_count; i++) bind_mount(c, &c->binds[i]);
  if (chdir(c->working_dir) != 0)
    fail_status("chdir to cwd (\"%s\") failed: no such directory", c->working_dir);
  char found[4096];
  const char *program = find_executable(c->argv[0], found, sizeof found);
  dprintf(STATUS_FD, "started\n");
  close(STATUS_FD);
  execve(program, c->argv, environ);
  if (errno == ENOEXEC) {
    // As sh's exec: a file without a #! line is a shell script.
    int argc = 0;
    while (c->argv[argc] != NULL) argc++;
    char **script = calloc((size_t)argc + 2, sizeof *script);
    if (script != NULL) {
      script[0] = (char *)c->sh;
      script[1] = (char *)program;
      for (int i = 1; i < argc; i++) script[i + 1] = c->argv[i];
      execve(c->sh, script, environ);
    }
  }
  int code = errno == ENOENT ? 127 : 126;
  dprintf(2, "podvisor-init: exec: %s: %s\n", c->argv[0], strerror(errno));
  _exit(code);
}

static void write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) die_setup(path);
  close(fd);
}

static int namespace_flags(const struct config *c) {
  return CLONE_NEWPID | CLONE_NEWNS | (c->userns ? CLONE_NEWUSER : 0);
}

/* In the new namespaces: this user is root in a new user namespace; mounts stay private. */
static void set_up_namespaces(const struct config *c, uid_t uid, gid_t gid) {
  if (c->userns) {
    // unshare --map-root-user: this user is root inside.
    char map[64];
    write_file("/proc/self/setgroups", "deny");
    snprintf(map, sizeof map, "0 %u 1", (unsigned)uid);
    write_file("/proc/self/uid_map", map);
    snprintf(map, sizeof map, "0 %u 1", (unsigned)gid);
    write_file("/proc/self/gid_map", map);
  }
  if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    die_setup("cannot change root filesystem propagation");
}

static void enter_namespaces(const struct config *c) {
  uid_t uid = geteuid();
  gid_t gid = getegid();
  if (unshare(namespace_flags(c)) != 0) die_setup("unshare failed");
  set_up_namespaces(c, uid, gid);
}

static int parse(int argc, char **argv, struct config *c) {
  if (argc < 10 || strcmp(argv[1], "1") != 0) return -1;
  c->parent = (pid_t)atol(argv[2]);
  c->userns = strcmp(argv[3], "userns") == 0;
  c->mount_tool = argv[4];
  c->mkdir_tool = argv[5];
  c->sh = argv[6];
  c->working_dir = argv[7];
  c->bind_count = atoi(argv[8]);
  if (c->bind_count < 0 || 9 + 3 * c->bind_count >= argc) return -1;
  c->binds = calloc((size_t)c->bind_count + 1, sizeof *c->binds);
  if (c->binds == NULL) return -1;
  int at = 9;
  for (int i = 0; i < c->bind_count; i++, at += 3) {
    const char *kind = argv[at];
    if (strlen(kind) != 2) return -1;
    c->binds[i].is_directory = kind[0] == 'd';
    c->binds[i].read_only = kind[1] == 'r';
    c->binds[i].source = argv[at + 1];
    c->binds[i].target = argv[at + 2];
  }
  if (at + 1 >= argc || strcmp(argv[at], "--") != 0) return -1;
  c->argv = argv + at + 1;
  return 0;
}

int launch_main(int argc, char **argv) {
  struct config c;
  if (parse(argc, argv, &c) != 0) {
    fprintf(stderr, "podvisor-launch: bad arguments (built by podvisor's process backend only)\n");
    return 2;
  }
  // setpriv --pdeathsig KILL; and podvisor must still be the parent once that holds.
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) die_setup("prctl(PR_SET_PDEATHSIG) failed");
  if (c.parent > 0 && getppid() != c.parent) _exit(SETUP_FAILED);
  enter_namespaces(&c);
  int alive[2];
  if (pipe2(alive, O_CLOEXEC) != 0) die_setup("pipe failed");
  // The first child in the new pid namespace is its init: the container's PID 1.
  pid_t child = fork();
  if (child < 0) die_setup("fork failed");
  if (child == 0) {
    close(alive[1]);
    become_init(&c, alive[0]);
  }
  close(alive[0]);
  close(STATUS_FD);
  int status;
  while (waitpid(child, &status, 0) < 0)
    if (errno != EINTR) return 1;
  // As the chain's `exit $?`: a signal death N is 128 + N.
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int launch_clone_flags(int argc, char **argv) {
  struct config c;
  if (parse(argc, argv, &c) != 0) return -1;
  free(c.binds);
  return namespace_flags(&c);
}

void launch_as_init(int argc, char **argv, int parent_alive, uid_t uid, gid_t gid) {
  struct config c;
  if (parse(argc, argv, &c) != 0) _exit(2);
  set_up_namespaces(&c, uid, gid);
  become_init(&c, parent_alive);
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "--serve") == 0) return serve_main(argc, argv);
  return launch_main(argc, argv);
}
