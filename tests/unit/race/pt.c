#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct counter { long hits; };

static void *work(void *arg)
{
    struct counter *c = arg;
    for (int i = 0; i < 1000; i++)
        c->hits++;
    return NULL;
}

int main(void)
{
    struct counter *c = calloc(1, sizeof *c);
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, work, c);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("%ld\n", c->hits);
    free(c);
    return 0;
}
