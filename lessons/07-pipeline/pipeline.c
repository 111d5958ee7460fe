/*
 * Lesson 07: a pipeline that waits and works, each in the right place.
 *
 * Four images are "downloaded" (each download is 80 ms of waiting, played by a
 * timer) and then "processed" (a fold over every byte: pure computation).
 *
 * - The waiting belongs to the loop. All four downloads start at once, so
 *   their waits overlap and cost about 80 ms together, not 320 ms.
 * - The working does not belong to the loop thread. Each finished download's
 *   processing is handed to uv_queue_work(), which runs it on libuv's thread
 *   pool, so the loop stays free to finish the other downloads meanwhile.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "stopwatch.h"

#define IMAGES 4
#define IMAGE_BYTES 1000000
#define DOWNLOAD_MS 80

/* One image on its way through the pipeline. */
struct image {
    unsigned id;
    uv_timer_t download;  /* the waiting half */
    uv_work_t process;    /* the working half */
    unsigned char *bytes; /* what the download delivered */
    uint64_t checksum;    /* what the processing made of it */
};

/* CPU-bound: a fold over every byte. Runs on a pool thread, never the loop's. */
static void process_image(uv_work_t *req)
{
    struct image *img = req->data;
    uint64_t acc = 0;
    for (size_t i = 0; i < IMAGE_BYTES; i++)
        acc = acc * 1099511628211u + img->bytes[i];
    img->checksum = acc;
}

/* Back on the loop thread: the result is stored, the bytes are not needed. */
static void image_processed(uv_work_t *req, int status)
{
    struct image *img = req->data;
    if (status != 0)
        fprintf(stderr, "image %u: %s\n", img->id, uv_err_name(status));
    free(img->bytes);
    img->bytes = NULL;
}

/* A download finished: make its bytes, then offload the processing. */
static void image_downloaded(uv_timer_t *timer)
{
    struct image *img = timer->data;

    /* The "image": a megabyte in which every byte is the image's id. */
    img->bytes = malloc(IMAGE_BYTES);
    if (img->bytes == NULL)
        abort();
    memset(img->bytes, (int)(img->id % 256), IMAGE_BYTES);
    uv_close((uv_handle_t *)timer, NULL);

    img->process.data = img;
    uv_queue_work(timer->loop, &img->process, process_image, image_processed);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    uv_loop_t *loop = uv_default_loop();
    struct image images[IMAGES];
    uint64_t start = stopwatch_start_loop(loop);

    /* Start every download before waiting for any of them. */
    for (unsigned id = 0; id < IMAGES; id++) {
        images[id].id = id;
        images[id].bytes = NULL;
        images[id].checksum = 0;
        images[id].download.data = &images[id];
        uv_timer_init(loop, &images[id].download);
        uv_timer_start(&images[id].download, image_downloaded, DOWNLOAD_MS, 0);
    }

    /* The loop returns when every download is closed and every job is back. */
    uv_run(loop, UV_RUN_DEFAULT);

    /* The array is indexed by id, so the results come out sorted by id. */
    for (unsigned id = 0; id < IMAGES; id++)
        printf("image %u: checksum %llu\n", id, (unsigned long long)images[id].checksum);
    printf("elapsed = %llu ms\n", (unsigned long long)stopwatch_ms(start));

    int rc = uv_loop_close(loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_err_name(rc));
        return 1;
    }
    return 0;
}
