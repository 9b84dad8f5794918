// SPDX-License-Identifier: MIT
// scope_app.cpp: hwtop.hpp as a C++17 program uses it.  Regions end
// however their scope is left: the end, return, an exception.
#include <hwtop.hpp>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>

static volatile unsigned long sink;

static void
spin(unsigned long n)
{
    for (unsigned long i = 0; i < n; i++)
        sink = sink + i;
}

// Every third call leaves by an exception.
static int
leaf(int i)
{
    HWTOP_SCOPE("leaf");
    if (i % 3 == 0)
        throw std::runtime_error("leaf " + std::to_string(i));
    spin(1000);
    return i;
}

int
main()
{
    int caught = 0;

    hwtop::thread_name("main");
    {
        HWTOP_SCOPE("outer");
        for (int i = 0; i < 9; i++) {
            try {
                leaf(i);
            } catch (const std::exception &) {
                caught++;
            }
        }
        for (int k = 0; k < 4; k++) {
            hwtop::scope s("shard-" + std::to_string(k % 2)); // run-time name
            spin(500);
        }
    }
    auto early = [](int i) {
        HWTOP_SCOPE("early");
        if (i > 0)
            return 1; // leaves the scope early
        spin(10);
        return 0;
    };
    for (int i = 0; i < 5; i++)
        early(i);
    std::thread t([] {
        hwtop::thread_name(std::string("cxx-worker"));
        HWTOP_SCOPE("worker");
        spin(1000);
    });
    t.join();
    hwtop::scope st("status");
    std::printf("scope_app: caught=%d status=%d version_ok=%d\n", caught,
                st.status(),
                hwtop::library_version() == hwtop::header_version ? 1 : 0);
    return 0;
}
