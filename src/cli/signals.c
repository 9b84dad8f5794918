/* SPDX-License-Identifier: MIT */
/* signals.c: async-signal-safe recording of signals, and a self-pipe. */
#include "signals.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t pending_sig;
static volatile sig_atomic_t pending_tty;
static int wake[2] = {-1, -1};

static void
poke(void)
{
    int saved = errno;
    char c = 0;

    if (wake[1] >= 0 && write(wake[1], &c, 1) < 0) {
        /* Full pipe: the loop is already due to wake up. */
    }
    errno = saved;
}

static void
on_signal(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    if (sig != SIGCHLD) {
        pending_sig = sig;
        pending_tty = si != NULL && si->si_code == SI_KERNEL;
    }
    poke();
}

void
signals_install(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGCHLD};
    struct sigaction sa;

    if (pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0)
        wake[0] = wake[1] = -1;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    /* INT, TERM and HUP interrupt a blocked call rather than restart it:
     * a write to a stdout nobody reads must not keep hwtop from stopping
     * (the write fails, stdout is marked in error, hwtop carries on). */
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        sa.sa_flags = SA_SIGINFO |
                      (sigs[i] == SIGCHLD ? SA_RESTART | SA_NOCLDSTOP : 0);
        sigaction(sigs[i], &sa, NULL);
    }
    signal(SIGPIPE, SIG_IGN);
}

int
signals_fd(void)
{
    return wake[0];
}

void
signals_drain(void)
{
    char buf[64];

    while (wake[0] >= 0 && read(wake[0], buf, sizeof buf) > 0)
        ;
}

int
signals_take(bool *from_tty)
{
    int sig = pending_sig;

    *from_tty = pending_tty != 0;
    pending_sig = 0;
    return sig;
}
