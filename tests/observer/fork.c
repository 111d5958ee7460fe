/*
 * Observer fixture: a program that forks. The parent queues a job, then forks; the
 * child prints and sleeps three times and exits; the parent waits for it and prints.
 * The observer follows only the program it was started for: the child's sleeps must not
 * appear in the log (sleeps_on_loop stays 0), and both processes print what they would
 * print unobserved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uv.h>

static void work(uv_work_t *req)
{
    (void)req;
}

static void after_work(uv_work_t *req, int status)
{
    (void)req;
    printf("parent: job done, status %d\n", status);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_work_t req;
    uv_queue_work(&loop, &req, work, after_work);
    uv_run(&loop, UV_RUN_DEFAULT);

    printf("parent: forking\n");
    pid_t child = fork();
    if (child < 0) {
        perror("fork");
        return 1;
    }
    if (child == 0) {
        for (int i = 1; i <= 3; i++) {
            usleep(1000);
            printf("child: line %d\n", i);
        }
        _exit(7);
    }
    int status;
    waitpid(child, &status, 0);
    printf("parent: child exited with %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return uv_loop_close(&loop) == 0 ? 0 : 1;
}
