/*
 * Verdicts as JUnit XML, the report GitLab CI, Jenkins and GitHub's test reporters read:
 * one <testsuite> per checked file, one <testcase> per check. A failed check is a
 * <failure> whose message is its hint; a check not run is <skipped>; a file that could
 * not be checked at all (no compiler, bad expectations) is one <testcase> with an
 * <error>. Every byte from the student's program is made visible first (verdict_visible)
 * and then escaped, so the document is always well-formed XML 1.0.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "verdict.h"

/* Text made visible and escaped for XML; in an attribute a newline is kept as &#10;
   (a parser would turn a bare one into a space). */
static void xml_text(FILE *out, const char *s, bool attribute)
{
    if (!s)
        return;
    for (;;) {
        size_t n = strcspn(s, "\n");
        char *line = xstrndup(s, n);
        char *vis = verdict_visible(line);
        for (const char *p = vis; *p; p++) {
            switch (*p) {
            case '&':
                fputs("&amp;", out);
                break;
            case '<':
                fputs("&lt;", out);
                break;
            case '>':
                fputs("&gt;", out);
                break;
            case '"':
                fputs(attribute ? "&quot;" : "\"", out);
                break;
            case '\t':
                fputs(attribute ? "&#9;" : "\t", out);
                break;
            default:
                fputc(*p, out);
            }
        }
        free(vis);
        free(line);
        if (!s[n])
            break;
        fputs(attribute ? "&#10;" : "\n", out);
        s += n + 1;
    }
}

static void xml_attr(FILE *out, const char *name, const char *value)
{
    fprintf(out, " %s=\"", name);
    xml_text(out, value, true);
    fputc('"', out);
}

static int count_mark(const check_verdict *v, check_mark m)
{
    int n = 0;
    for (size_t i = 0; i < v->nitems; i++)
        n += v->items[i].mark == m;
    return n;
}

/* What a failed check found, for the body of its <failure>. */
static void failure_body(FILE *out, const check_item *it)
{
    if (it->actual) {
        fputs("actual: ", out);
        xml_text(out, it->actual, false);
        fputc('\n', out);
    }
    if (it->rule) {
        fputs("rule: ", out);
        xml_text(out, it->rule, false);
        fputc('\n', out);
    }
    if (it->expected) {
        fputs("expected: ", out);
        xml_text(out, it->expected, false);
        fputc('\n', out);
    }
    if (it->note) {
        xml_text(out, it->note, false);
        fputc('\n', out);
    }
}

static void print_case(FILE *out, const check_item *it, const char *classname,
                       const check_verdict *v)
{
    fputs("    <testcase", out);
    xml_attr(out, "name", it->label);
    xml_attr(out, "classname", classname);
    /* Only the program's run has a time of its own. */
    fprintf(out, " time=\"%.3f\"", it->kind == CHECK_RUNS ? v->run_s : 0.0);
    if (it->mark == CHECK_FAIL) {
        fputs(">\n      <failure", out);
        xml_attr(out, "message", it->hint ? it->hint : it->label);
        xml_attr(out, "type", it->timing ? "timing" : "check");
        fputs(">", out);
        failure_body(out, it);
        fputs("</failure>\n    </testcase>\n", out);
    } else if (it->mark == CHECK_SKIP) {
        fputs(">\n      <skipped", out);
        xml_attr(out, "message", it->note ? it->note : "not run");
        fputs("/>\n    </testcase>\n", out);
    } else if (it->kind == CHECK_COMPILES && v->build_log[0]) {
        fputs(">\n      <system-out>", out);
        xml_text(out, v->build_log, false);
        fputs("</system-out>\n    </testcase>\n", out);
    } else if (it->mark == CHECK_INFO && it->actual) {
        fputs(">\n      <system-out>", out);
        xml_text(out, it->actual, false);
        fputs("</system-out>\n    </testcase>\n", out);
    } else {
        fputs("/>\n", out);
    }
}

static void print_suite(FILE *out, const check_verdict *v, const char *title, const char *host,
                        const char *stamp)
{
    /* The file's name without folder or .c: the student, when grading a class. */
    const char *base = strrchr(v->source, '/');
    base = base ? base + 1 : v->source;
    size_t stem = strlen(base);
    if (stem > 2 && strcmp(base + stem - 2, ".c") == 0)
        stem -= 2;
    char *classname = xstrndup(base, stem);
    int failures = v->error ? 0 : count_mark(v, CHECK_FAIL);
    int skipped = v->error ? 0 : count_mark(v, CHECK_SKIP);
    fputs("  <testsuite", out);
    xml_attr(out, "name", v->source);
    fprintf(out, " tests=\"%zu\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\"",
            v->error ? 1 : v->nitems, failures, v->error ? 1 : 0, skipped, v->total_s);
    xml_attr(out, "timestamp", stamp);
    xml_attr(out, "hostname", host);
    fputs(">\n    <properties>\n", out);
    fputs("      <property name=\"exercise\"", out);
    xml_attr(out, "value", title);
    fputs("/>\n", out);
    if (v->toolchain) {
        fputs("      <property name=\"compiler\"", out);
        xml_attr(out, "value", v->toolchain);
        fputs("/>\n", out);
    }
    if (v->sandbox) {
        fputs("      <property name=\"sandbox\"", out);
        xml_attr(out, "value", v->sandbox);
        fputs("/>\n", out);
    }
    fprintf(out, "      <property name=\"runs\" value=\"%d\"/>\n", v->runs);
    fprintf(out, "      <property name=\"runs_passed\" value=\"%d\"/>\n", v->runs_passed);
    fputs("    </properties>\n", out);
    if (v->error) {
        fputs("    <testcase name=\"check\"", out);
        xml_attr(out, "classname", classname);
        fputs(" time=\"0.000\">\n      <error", out);
        xml_attr(out, "message", v->error);
        fputs(" type=\"environment\"/>\n    </testcase>\n", out);
    }
    for (size_t i = 0; i < v->nitems; i++)
        print_case(out, &v->items[i], classname, v);
    fputs("    <system-out>", out);
    for (size_t i = 0; i < v->nout; i++) {
        xml_text(out, v->out_lines[i], false);
        fputc('\n', out);
    }
    fputs("</system-out>\n    <system-err>", out);
    xml_text(out, v->err_text, false);
    fputs("</system-err>\n  </testsuite>\n", out);
    free(classname);
}

void verdict_print_junit(FILE *out, const char *title, const check_verdict *const *v, size_t n,
                         double seconds)
{
    char host[256] = "localhost";
    if (gethostname(host, sizeof host - 1) != 0)
        snprintf(host, sizeof host, "localhost");
    host[sizeof host - 1] = '\0';
    /* JUnit's timestamps are local time without a zone. */
    char stamp[32] = "1970-01-01T00:00:00";
    time_t now = time(NULL);
    struct tm tm;
    if (localtime_r(&now, &tm))
        strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);

    size_t tests = 0;
    int failures = 0, errors = 0, skipped = 0;
    for (size_t i = 0; i < n; i++) {
        tests += v[i]->error ? 1 : v[i]->nitems;
        failures += v[i]->error ? 0 : count_mark(v[i], CHECK_FAIL);
        skipped += v[i]->error ? 0 : count_mark(v[i], CHECK_SKIP);
        errors += v[i]->error != NULL;
    }
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", out);
    xml_attr(out, "name", title);
    fprintf(out, " tests=\"%zu\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">\n",
            tests, failures, errors, skipped, seconds);
    for (size_t i = 0; i < n; i++)
        print_suite(out, v[i], title, host, stamp);
    fputs("</testsuites>\n", out);
}
