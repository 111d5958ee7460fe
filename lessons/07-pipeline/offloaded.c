/*
 * Lesson 07: a pipeline that waits and works, each in its place.
 *
 * Four images are "downloaded", then "processed". A download is waiting: a
 * timer stands in for the network. All four start at once and image k takes
 * 40 (k + 1) ms, so they arrive one by one, at 40, 80, 120 and 160 ms. The
 * processing is working: a blur run 100 times over the image's megabyte, then
 * a checksum, some 100 ms of computing for one core.
 *
 * Here each image that arrives is handed to uv_queue_work, which processes it
 * on libuv's thread pool. The loop thread only waits, so it takes every
 * download the moment it arrives, while the earlier images are still being
 * processed elsewhere. inline.c processes on the loop thread instead: put the
 * two side by side.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "knob.h"
#include "stopwatch.h"

#define IMAGES 4
#define IMAGE_BYTES 1000000
/* Image k arrives after arrival_step_ms * (k + 1); each takes blur_passes passes to
   process. The knobs "step_ms" and "passes" try others: workbook run 07 --set passes=300. */
static int arrival_step_ms = 40;
static int blur_passes = 100;

/* One image on its way through the pipeline, and when each step happened. */
struct image {
    unsigned id;
    uv_timer_t download;  /* the waiting half */
    uv_work_t process;    /* the working half */
    unsigned char *bytes; /* what the download delivered */
    uint64_t checksum;    /* what the processing made of it */
    uint64_t downloaded_ms, processed_from_ms, processed_to_ms;
};

static uint64_t start;

/* What a download delivers: a megabyte in which every byte is the image's id. */
static unsigned char *image_bytes(unsigned id)
{
    unsigned char *bytes = malloc(IMAGE_BYTES);
    if (bytes == NULL) {
        fprintf(stderr, "image %u: out of memory\n", id);
        exit(EXIT_FAILURE);
    }
    memset(bytes, (int)(id % 256), IMAGE_BYTES);
    return bytes;
}

/* One pass of a 3-pixel box blur, in place: each byte becomes the mean of itself
   and its two neighbours (the edges count their own byte twice). */
static void blur(unsigned char *px, size_t n)
{
    unsigned prev = px[0];
    for (size_t i = 0; i < n; i++) {
        unsigned here = px[i];
        unsigned next = px[i + 1 < n ? i + 1 : i];
        px[i] = (unsigned char)((prev + here + next) / 3);
        prev = here;
    }
}

/*
 * CPU-bound: the blur passes, then a checksum, acc * 1099511628211 + byte over
 * every byte in wrapping 64-bit arithmetic. Every byte of these images equals its
 * neighbours, so the blur leaves them as they are and the checksums are the ones
 * you can work out by hand. This runs on a pool thread, never the loop's.
 */
static void process_image(uv_work_t *req)
{
    struct image *img = req->data;
    img->processed_from_ms = stopwatch_ms(start);
    for (int pass = 0; pass < blur_passes; pass++)
        blur(img->bytes, IMAGE_BYTES);
    uint64_t acc = 0;
    for (size_t i = 0; i < IMAGE_BYTES; i++)
        acc = acc * 1099511628211u + img->bytes[i];
    img->checksum = acc;
    img->processed_to_ms = stopwatch_ms(start);
}

/* Back on the loop thread once process_image has returned: the bytes are done with. */
static void image_processed(uv_work_t *req, int status)
{
    struct image *img = req->data;
    if (status != 0)
        fprintf(stderr, "image %u: %s\n", img->id, uv_strerror(status));
    free(img->bytes);
    img->bytes = NULL;
}

/* A download finished: keep its bytes, then hand the processing to the pool. */
static void image_downloaded(uv_timer_t *timer)
{
    struct image *img = timer->data;
    img->downloaded_ms = stopwatch_ms(start);
    uv_close((uv_handle_t *)timer, NULL);
    img->bytes = image_bytes(img->id);

    /* Where this differs from inline.c: the work goes to the pool. */
    img->process.data = img;
    int rc = uv_queue_work(timer->loop, &img->process, process_image, image_processed);
    if (rc != 0) {
        fprintf(stderr, "uv_queue_work: %s\n", uv_strerror(rc));
        exit(EXIT_FAILURE);
    }
}

/* Starts every download before waiting for any of them. Returns 0 or a libuv error. */
static int start_downloads(uv_loop_t *loop, struct image images[IMAGES])
{
    for (unsigned id = 0; id < IMAGES; id++) {
        images[id] = (struct image){.id = id};
        images[id].download.data = &images[id];
        uv_timer_init(loop, &images[id].download);
        int rc =
            uv_timer_start(&images[id].download, image_downloaded, arrival_step_ms * (id + 1), 0);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int main(void)
{
    arrival_step_ms = knob("step_ms", arrival_step_ms);
    blur_passes = knob("passes", blur_passes);
    setvbuf(stdout, NULL, _IOLBF, 0);

    uv_loop_t loop;
    int rc = uv_loop_init(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_init: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    start = stopwatch_start_loop(&loop);

    struct image images[IMAGES];
    rc = start_downloads(&loop, images);
    if (rc != 0) {
        fprintf(stderr, "uv_timer_start: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }

    /* The loop returns when every download is closed and every job is back. */
    uv_run(&loop, UV_RUN_DEFAULT);
    uint64_t elapsed = stopwatch_ms(start);

    /* Printed after the run, in order of id, so the output reads the same every time. */
    for (unsigned id = 0; id < IMAGES; id++)
        printf("image %u: downloaded at %" PRIu64 " ms, processed from %" PRIu64 " to %" PRIu64
               " ms\n",
               id, images[id].downloaded_ms, images[id].processed_from_ms,
               images[id].processed_to_ms);
    for (unsigned id = 0; id < IMAGES; id++)
        printf("image %u: checksum %" PRIu64 "\n", id, images[id].checksum);
    printf("elapsed = %" PRIu64 " ms\n", elapsed);

    rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
