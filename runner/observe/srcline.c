/*
 * Places in a program from its DWARF line table (srcline.h), through libdw's offline
 * reporting: the executable is read as a file, never attached to.
 */
#include "srcline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_LIBDW
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>

struct srcline {
    Dwfl *dwfl;
    Dwfl_Module *mod;
    GElf_Addr bias;
};

static const Dwfl_Callbacks offline_callbacks = {
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = dwfl_offline_section_address,
};

srcline *srcline_open(const char *exe)
{
    Dwfl *d = dwfl_begin(&offline_callbacks);
    if (!d)
        return NULL;
    Dwfl_Module *m = dwfl_report_offline(d, "", exe, -1);
    dwfl_report_end(d, NULL, NULL);
    GElf_Addr bias = 0;
    if (!m || !dwfl_module_getelf(m, &bias)) {
        dwfl_end(d);
        return NULL;
    }
    srcline *s = calloc(1, sizeof *s);
    if (!s) {
        dwfl_end(d);
        return NULL;
    }
    *s = (srcline){d, m, bias};
    return s;
}

void srcline_close(srcline *s)
{
    if (!s)
        return;
    dwfl_end(s->dwfl);
    free(s);
}

/* The line table's file and line at a module address, through the compilation unit that
   holds it. dwfl_module_getsrc finds the unit by .debug_aranges, which clang does not
   write; each unit's own ranges are read instead (a program has one or a few). */
static const char *line_at(srcline *s, GElf_Addr addr, int *lineno)
{
    Dwfl_Line *line = dwfl_module_getsrc(s->mod, addr);
    if (line)
        return dwfl_lineinfo(line, NULL, lineno, NULL, NULL, NULL);
    Dwarf_Addr bias = 0;
    Dwarf *dw = dwfl_module_getdwarf(s->mod, &bias);
    if (!dw)
        return NULL;
    Dwarf_Addr at = addr - bias;
    Dwarf_Off off = 0, next;
    size_t header;
    while (dwarf_nextcu(dw, off, &next, &header, NULL, NULL, NULL) == 0) {
        Dwarf_Die cu;
        if (dwarf_offdie(dw, off + header, &cu) && dwarf_haspc(&cu, at) == 1) {
            Dwarf_Line *l = dwarf_getsrc_die(&cu, at);
            if (l && dwarf_lineno(l, lineno) == 0)
                return dwarf_linesrc(l, NULL, NULL);
        }
        off = next;
    }
    return NULL;
}

/* "server.c:141" for an address of the module. */
static bool line_of(srcline *s, GElf_Addr addr, char *out, size_t size)
{
    int lineno = 0;
    const char *file = line_at(s, addr, &lineno);
    if (!file || lineno <= 0)
        return false;
    const char *base = strrchr(file, '/');
    snprintf(out, size, "%s:%d", base ? base + 1 : file, lineno);
    return true;
}

bool srcline_where(void *vs, unsigned long offset, bool is_return, bool function, char *out,
                   size_t size)
{
    srcline *s = vs;
    if (!s || !offset)
        return false;
    /* A return address is the instruction after the call; the call is the byte before. */
    GElf_Addr addr = s->bias + offset - (is_return ? 1 : 0);
    char where[128];
    if (!function)
        return line_of(s, addr, out, size);
    const char *name = dwfl_module_addrname(s->mod, addr);
    if (!name)
        return false;
    if (line_of(s, addr, where, sizeof where))
        snprintf(out, size, "%s (%s)", name, where);
    else
        snprintf(out, size, "%s", name);
    return true;
}

#else

srcline *srcline_open(const char *exe)
{
    (void)exe;
    return NULL;
}

void srcline_close(srcline *s)
{
    (void)s;
}

bool srcline_where(void *s, unsigned long offset, bool is_return, bool function, char *out,
                   size_t size)
{
    (void)s, (void)offset, (void)is_return, (void)function, (void)out, (void)size;
    return false;
}

#endif
