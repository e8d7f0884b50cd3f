/* The two modes of podvisor-launch: one launch (podvisor-launch.c), or the server (launch-server.c). */
#ifndef PODVISOR_LAUNCH_H
#define PODVISOR_LAUNCH_H

/* Launches one container as PID 1 of new namespaces; argv as in podvisor-launch.c's usage. */
int launch_main(int argc, char **argv);

/* `podvisor-launch --serve <podvisor-pid>`: forks one launch_main per request on stdin. */
int serve_main(int argc, char **argv);

#endif
