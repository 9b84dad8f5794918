// SPDX-License-Identifier: MIT
// app.cpp: the same program in C++17, with hwtop.hpp's scopes.
#include <hwtop.hpp>

#include <cstdio>
#include <string>

int
main()
{
    long sum = 0;

    hwtop::thread_name(std::string("main"));
    {
        hwtop::scope load("load");
        for (long i = 0; i < 100000; i++)
            sum += i % 7;
    }
    for (int i = 0; i < 10; i++) {
        HWTOP_SCOPE("step");
        sum += i;
    }
    std::printf("app: sum %ld, library %s header\n", sum,
                hwtop::library_version() == hwtop::header_version ? "matches"
                                                                  : "differs");
    return 0;
}
