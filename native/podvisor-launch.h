/* The two modes of podvisor-launch: one launch (podvisor-launch.c), or the server (launch-server.c). */
#ifndef PODVISOR_LAUNCH_H
#define PODVISOR_LAUNCH_H

#include <sys/types.h>

/* Launches one container as PID 1 of new namespaces; argv as in podvisor-launch.c's usage. */
int launch_main(int argc, char **argv);

/* The clone(2) flags of the namespaces a launch's argv asks for; -1 when argv is malformed. */
int launch_clone_flags(int argc, char **argv);

/*
 * In a process cloned with launch_clone_flags (so already PID 1 of its new pid namespace), with
 * fds 1-3 as launch_main's: sets the namespaces up (uid and gid are the caller's, from outside
 * them) and becomes the container, as launch_main's child does. `parent_alive` is the read end of
 * a pipe whose write end only the parent holds. Never returns.
 */
void launch_as_init(int argc, char **argv, int parent_alive, uid_t uid, gid_t gid);

/* `podvisor-launch --serve <podvisor-pid>`: forks one launch_main per request on stdin. */
int serve_main(int argc, char **argv);

#endif
