/* SPDX-License-Identifier: MIT */
/* signals.c: async-signal-safe recording of termination signals. */
#include "signals.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t pending_sig;
static volatile sig_atomic_t pending_tty;

static void
on_signal(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    pending_sig = sig;
    pending_tty = si != NULL && si->si_code == SI_KERNEL;
}

void
signals_install(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

int
signals_take(bool *from_tty)
{
    int sig = pending_sig;

    *from_tty = pending_tty != 0;
    pending_sig = 0;
    return sig;
}
