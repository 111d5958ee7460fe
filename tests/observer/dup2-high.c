/*
 * Observer fixture: a program that puts a file of its own on descriptors 500 to 531,
 * where the observer keeps its log, then queues a job and writes one line to each of
 * those descriptors. The observer must notice that its descriptor now holds another
 * file and reopen its log rather than write into the program's: the program reads its
 * file back and prints it, so stdout shows exactly its 32 lines and nothing of the log's,
 * and the log must still have the job.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <unistd.h>
#include <uv.h>

#define FIRST_FD 500
#define FDS 32

static void work(uv_work_t *req)
{
    (void)req;
    uv_sleep(10);
}

static void after_work(uv_work_t *req, int status)
{
    (void)req;
    printf("job done, status %d\n", status);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *tmp = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/dup2-high-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        perror(path);
        return 1;
    }
    for (int i = 0; i < FDS; i++)
        if (dup2(fd, FIRST_FD + i) < 0) {
            perror("dup2");
            return 1;
        }
    close(fd);

    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_work_t req;
    uv_queue_work(&loop, &req, work, after_work);
    uv_run(&loop, UV_RUN_DEFAULT);

    char line[64];
    for (int i = 0; i < FDS; i++) {
        int n = snprintf(line, sizeof line, "the program's line on fd %d\n", FIRST_FD + i);
        if (write(FIRST_FD + i, line, (size_t)n) != n) {
            perror("write");
            return 1;
        }
    }
    for (int i = 0; i < FDS; i++)
        close(FIRST_FD + i);

    /* What the file holds: the program's lines, and nothing else. */
    FILE *in = fopen(path, "r");
    unlink(path);
    if (!in) {
        perror(path);
        return 1;
    }
    while (fgets(line, sizeof line, in))
        fputs(line, stdout);
    fclose(in);
    return uv_loop_close(&loop) == 0 ? 0 : 1;
}
