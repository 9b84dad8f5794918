/* SPDX-License-Identifier: MIT */
/* hwtop.hpp: the C++ face of libhwtop: an RAII region scope. */
#ifndef HWTOP_HPP
#define HWTOP_HPP

/*
 * C++11 or later.  Everything in hwtop.h works here too; this adds:
 *
 *   void solve() {
 *       HWTOP_SCOPE("solve");          // literal name, id cached per site
 *       ...
 *   }                                  // ends here, or when an exception
 *                                      // leaves the block
 *   hwtop::scope s("shard-" + std::to_string(k));   // name built at run
 *                                                   // time, copied
 *   hwtop::thread_name("worker-" + std::to_string(i));
 *
 * A scope is neither copied nor moved: it ends where it was declared.
 * With -DHWTOP_DISABLE every scope is empty and HWTOP_SCOPE is nothing.
 */

#include <string>
#include <utility>

#include "hwtop.h"

namespace hwtop
{

/* The version of this header, and of the library actually loaded. */
constexpr unsigned header_version = HWTOP_API_VERSION;
inline unsigned
library_version() noexcept
{
    return hwtop_get_api_version();
}

#ifndef HWTOP_DISABLE

class scope
{
  public:
    /* A region named at run time: looked up by name on entry and exit. */
    explicit scope(std::string name) : name_(std::move(name))
    {
        status_ = hwtop_region_begin(name_.c_str());
    }
    explicit scope(const char *name) : scope(std::string(name))
    {
    }

    /* For HWTOP_SCOPE: a literal name whose id the call site caches. */
    struct site {
        int *id;
        const char *name;
        const char *file;
        int line;
    };
    explicit scope(const site &s) noexcept : site_(s)
    {
        status_ = hwtop_region_begin_site(s.id, s.name, s.file, s.line);
    }

    ~scope()
    {
        if (site_.id != nullptr)
            hwtop_region_end_site(site_.id, site_.name, site_.file, site_.line);
        else
            hwtop_region_end(name_.c_str());
    }

    scope(const scope &) = delete;
    scope &operator=(const scope &) = delete;
    scope(scope &&) = delete;
    scope &operator=(scope &&) = delete;

    /* What the begin returned: 0, or a negative errno value (the region
     * is still ended at the end of the scope: the library pairs them). */
    int status() const noexcept
    {
        return status_;
    }

  private:
    site site_ = {nullptr, nullptr, nullptr, 0};
    std::string name_;
    int status_ = 0;
};

/* Labels the calling thread in reports (cut at 63 bytes). */
inline int
thread_name(const std::string &name) noexcept
{
    return hwtop_thread_name(name.c_str());
}

#define HWTOP__SCOPE_CXX(name, n)                                              \
    static int HWTOP__CAT(hwtop__cxx_sid_, n);                                 \
    ::hwtop::scope HWTOP__CAT(hwtop__cxx_scope_, n)(                           \
        ::hwtop::scope::site{&HWTOP__CAT(hwtop__cxx_sid_, n),                  \
                             HWTOP__LITERAL(name), __FILE__, __LINE__})
#define HWTOP_SCOPE(name) HWTOP__SCOPE_CXX(name, __COUNTER__)

#else /* HWTOP_DISABLE */

class scope
{
  public:
    explicit scope(const std::string &) noexcept
    {
    }
    explicit scope(const char *) noexcept
    {
    }
    scope(const scope &) = delete;
    scope &operator=(const scope &) = delete;
    int status() const noexcept
    {
        return 0;
    }
};

inline int
thread_name(const std::string &) noexcept
{
    return 0;
}

#define HWTOP_SCOPE(name) ((void)sizeof(HWTOP__LITERAL(name)))

#endif /* HWTOP_DISABLE */

} // namespace hwtop

#endif /* HWTOP_HPP */
