/*
 * The sandbox (see sandbox.h, and SANDBOX.md for why bubblewrap).
 *
 * The file system inside is built from nothing: bwrap starts from an empty root, so
 * only what is bound here exists. That is a list of what a C program and its compiler
 * need, never a list of what to hide, so a folder of submissions or a home in an
 * unusual place is absent without anyone having to name it.
 */
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

extern char **environ;

/* The users a root runner's children become: each sandbox a user of its own, from a
   range far above any system's users (who own nothing there), so that the process
   limit of one submission is never spent by another's. The probe runs as nobody. */
#define SANDBOX_NOBODY 65534
#define SANDBOX_UID_BASE 2000000000u
#define SANDBOX_UID_SPAN 100000000u

/* What programs read from /etc: the loader's cache, cc's alternative, names of users,
   hosts and services, the time zone, the public certificates (node reads them at start).
   Never shadow, ssh keys or anything secret. */
static const char *const etc_files[] = {
    "/etc/ld.so.cache",     "/etc/ld.so.conf",      "/etc/ld.so.conf.d",
    "/etc/alternatives",    "/etc/localtime",       "/etc/passwd",
    "/etc/group",           "/etc/hosts",           "/etc/nsswitch.conf",
    "/etc/host.conf",       "/etc/gai.conf",        "/etc/protocols",
    "/etc/services",        "/etc/os-release",      "/etc/ssl/certs",
    "/etc/ssl/openssl.cnf", "/etc/ca-certificates", NULL};

/* The top-level names a merged-/usr system keeps as symbolic links into /usr (older
   systems as folders of their own). */
static const char *const top_dirs[] = {"/bin",   "/sbin",   "/lib", "/lib32",
                                       "/lib64", "/libx32", NULL};

static struct {
    bool probed, ok;
    char *bwrap;   /* its path */
    char *setpriv; /* as root: the tool that becomes nobody, or NULL */
    char why[256];
    char describe[320];
} box;

typedef struct argvec {
    char **v;
    size_t n, cap;
} argvec;

static void add(argvec *a, const char *s)
{
    if (a->n + 2 > a->cap) {
        a->cap = a->cap ? a->cap * 2 : 64;
        a->v = xrealloc(a->v, a->cap * sizeof *a->v);
    }
    a->v[a->n++] = xstrdup(s);
    a->v[a->n] = NULL;
}

static void add3(argvec *a, const char *opt, const char *x, const char *y)
{
    add(a, opt);
    add(a, x);
    if (y)
        add(a, y);
}

/* The executable called name in PATH (or name itself when it holds a '/'), or NULL. */
static char *find_in_path(const char *name)
{
    if (strchr(name, '/'))
        return access(name, X_OK) == 0 ? xstrdup(name) : NULL;
    const char *path = getenv("PATH");
    char *dirs = xstrdup(path && *path ? path : "/usr/bin:/bin"), *save;
    char *found = NULL;
    for (char *d = strtok_r(dirs, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
        char *p = xasprintf("%s/%s", d, name);
        if (access(p, X_OK) == 0)
            found = p;
        else
            free(p);
    }
    free(dirs);
    return found;
}

static bool under_usr(const char *p)
{
    return strncmp(p, "/usr/", 5) == 0 || strcmp(p, "/usr") == 0;
}

/* Makes the folders that lead to path (not path itself) readable by anyone: bwrap
   would make them root's alone. Those that exist inside already (/tmp) are left. */
static void add_parents(argvec *a, const char *path)
{
    char *p = xstrdup(path);
    for (char *slash = strchr(p + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (strcmp(p, "/tmp") != 0 && !under_usr(p)) {
            add(a, "--perms");
            add(a, "0755");
            add3(a, "--dir", p, NULL);
        }
        *slash = '/';
    }
    free(p);
}

/* The fixed part: namespaces, the system read-only, /proc, /tmp. */
static void base_args(argvec *a, bool devices)
{
    add(a, box.bwrap);
    add(a, "--die-with-parent");
    add(a, "--unshare-ipc");
    add(a, "--unshare-pid");
    add(a, "--unshare-net"); /* a namespace of its own: its loopback only */
    add(a, "--unshare-uts");
    add(a, "--unshare-cgroup-try");
    if (geteuid() != 0)
        add(a, "--unshare-user-try");
    /* Folders bwrap makes on its own are root's alone (0700): a user of its own, as
       root, could not look into them. */
    add(a, "--perms");
    add(a, "0755");
    add3(a, "--dir", "/etc", NULL);
    add3(a, "--ro-bind", "/usr", "/usr");
    for (int i = 0; top_dirs[i]; i++) {
        struct stat sb;
        if (lstat(top_dirs[i], &sb) != 0)
            continue;
        if (S_ISLNK(sb.st_mode)) {
            char target[256];
            ssize_t n = readlink(top_dirs[i], target, sizeof target - 1);
            if (n <= 0)
                continue;
            target[n] = '\0';
            add3(a, "--symlink", target, top_dirs[i]);
        } else {
            add3(a, "--ro-bind", top_dirs[i], top_dirs[i]);
        }
    }
    for (int i = 0; etc_files[i]; i++) {
        if (access(etc_files[i], F_OK) != 0)
            continue;
        add_parents(a, etc_files[i]);
        add3(a, "--ro-bind", etc_files[i], etc_files[i]);
    }
    add3(a, "--proc", "/proc", NULL);
    if (devices) {
        add3(a, "--dev", "/dev", NULL);
        /* LLVM's OpenMP runtime registers itself in /dev/shm, and aborts without it:
           a private one, writable by the sandbox's user. */
        add(a, "--perms");
        add(a, "1777");
        add3(a, "--tmpfs", "/dev/shm", NULL);
    } else {
        /* The compiler needs no device but /dev/null: an #include of /dev/zero or of a
           terminal then fails at once, "No such file or directory". */
        add3(a, "--tmpfs", "/dev", NULL);
        add3(a, "--dev-bind", "/dev/null", "/dev/null");
    }
    add(a, "--perms");
    add(a, "1777");
    add3(a, "--tmpfs", "/tmp", NULL);
    add3(a, "--setenv", "TMPDIR", "/tmp");
    add3(a, "--setenv", "HOME", "/tmp");
}

/* As root, the child becomes nobody: root owns /etc/shadow and is not counted by the
   process limit. bwrap keeps only the two capabilities setpriv needs for that, and
   setpriv drops every capability before the program starts. */
static void user_args(argvec *a, int uid)
{
    if (uid >= 0 && box.setpriv) {
        char reuid[32], regid[32];
        snprintf(reuid, sizeof reuid, "--reuid=%d", uid);
        snprintf(regid, sizeof regid, "--regid=%d", uid);
        add3(a, "--cap-add", "CAP_SETUID", NULL);
        add3(a, "--cap-add", "CAP_SETGID", NULL);
        add(a, box.setpriv);
        add(a, reuid);
        add(a, regid);
        add(a, "--clear-groups");
        add(a, "--inh-caps=-all");
        add(a, "--bounding-set=-all");
        add(a, "--no-new-privs");
    }
}

static void probe(void)
{
    box.probed = true;
    const char *no = getenv("WORKBOOK_NO_SANDBOX");
    if (no && *no) {
        snprintf(box.why, sizeof box.why, "WORKBOOK_NO_SANDBOX is set");
        return;
    }
    const char *want = getenv("WORKBOOK_BWRAP");
    box.bwrap = find_in_path(want && *want ? want : "bwrap");
    if (!box.bwrap) {
        snprintf(box.why, sizeof box.why,
                 "bwrap is not installed (make deps installs bubblewrap; it exists on Linux only)");
        return;
    }
    if (geteuid() == 0)
        box.setpriv = find_in_path("setpriv");

    /* Try it once, as every child will run: a kernel without user namespaces, or a
       container that forbids them, fails here rather than in the middle of a check. */
    argvec a = {0};
    base_args(&a, true);
    user_args(&a, geteuid() == 0 ? SANDBOX_NOBODY : -1);
    add(&a, "/bin/true");
    pid_t pid;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    int status = -1;
    int err = posix_spawn(&pid, box.bwrap, &fa, NULL, a.v, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (err == 0)
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
    sandbox_argv_free(a.v);
    if (err != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(box.why, sizeof box.why,
                 "bwrap (%s) cannot create its namespaces here (user namespaces may be off: "
                 "sysctl kernel.unprivileged_userns_clone=1, or run the container with them)",
                 box.bwrap);
        return;
    }
    box.ok = true;
}

bool sandbox_available(const char **why)
{
    if (!box.probed)
        probe();
    if (why)
        *why = box.ok ? NULL : box.why;
    return box.ok;
}

void sandbox_disable(const char *why)
{
    box.probed = true;
    box.ok = false;
    snprintf(box.why, sizeof box.why, "%s", why);
}

const char *sandbox_describe(void)
{
    if (!sandbox_available(NULL)) {
        snprintf(box.describe, sizeof box.describe, "not sandboxed: %s", box.why);
        return box.describe;
    }
    snprintf(box.describe, sizeof box.describe, "sandboxed (bubblewrap%s)",
             geteuid() == 0 && box.setpriv ? ", as a user of its own" : "");
    return box.describe;
}

int sandbox_new_uid(void)
{
    static unsigned seq;
    if (!sandbox_available(NULL) || geteuid() != 0 || !box.setpriv)
        return -1;
    /* Runners started at once differ by process id; checks of one runner by seq. */
    unsigned slot = ((unsigned)getpid() * 64u + seq++ % 64u) % SANDBOX_UID_SPAN;
    return (int)(SANDBOX_UID_BASE + slot);
}

char **sandbox_argv(const sandbox_spec *s)
{
    if (!sandbox_available(NULL))
        return NULL;
    argvec a = {0};
    base_args(&a, s->devices);
    const char *cwd = s->cwd ? s->cwd : s->scratch;
    add_parents(&a, s->scratch);
    add_parents(&a, cwd);
    if (s->copy_at)
        add_parents(&a, s->copy_at);
    for (size_t i = 0; s->ro_paths && s->ro_paths[i]; i++)
        if (s->ro_paths[i][0] == '/' && !under_usr(s->ro_paths[i]))
            add_parents(&a, s->ro_paths[i]);
    for (size_t i = 0; s->ro_paths && s->ro_paths[i]; i++)
        if (s->ro_paths[i][0] == '/' && !under_usr(s->ro_paths[i]))
            add3(&a, "--ro-bind-try", s->ro_paths[i], s->ro_paths[i]);
    add3(&a, "--bind", s->scratch, s->scratch);
    if (s->copy && s->copy_at)
        add3(&a, "--ro-bind", s->copy, s->copy_at);
    add(&a, "--perms");
    add(&a, "0755");
    add3(&a, "--dir", cwd, NULL);
    add3(&a, "--chdir", cwd, NULL);
    user_args(&a, s->uid);
    return a.v;
}

void sandbox_argv_free(char **argv)
{
    for (size_t i = 0; argv && argv[i]; i++)
        free(argv[i]);
    free(argv);
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    if (flag == FTW_DP || flag == FTW_D || flag == FTW_DNR)
        rmdir(path);
    else
        unlink(path);
    return 0; /* what cannot be removed is left; the rest still goes */
}

/* A folder the program made unreadable or unwritable is opened up first. */
static int open_up(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)ftw;
    if (flag == FTW_D || flag == FTW_DNR)
        chmod(path, (sb->st_mode & 07777) | 0700);
    return 0;
}

int sandbox_remove_tree(const char *dir)
{
    struct stat sb;
    if (lstat(dir, &sb) != 0)
        return -errno;
    nftw(dir, open_up, 16, FTW_PHYS);
    nftw(dir, remove_one, 16, FTW_PHYS | FTW_DEPTH);
    return rmdir(dir) < 0 && errno != ENOENT ? -errno : 0;
}
