/*
 * pipeline_overhead_ms: lesson 07's pipeline against its own parts, in one process.
 *
 * The pipeline is the lesson's: four 80 ms "downloads" (timers) started together,
 * each followed by making its megabyte on the loop thread and folding it on libuv's
 * thread pool. Its processing alone is the same code with 0 ms downloads. If the
 * waits overlap and the processing stays off the loop, the pipeline takes 80 ms plus
 * the processing, and the overhead, elapsed - (80 + processing alone), is near 0.
 */
#include <uv.h>

#include "bench.h"

#define IMAGES 4
#define IMAGE_BYTES 1000000
#define DOWNLOAD_MS 80
#define PAIRS 5

struct image {
    unsigned id;
    uv_timer_t download;
    uv_work_t process;
    unsigned char *bytes;
    uint64_t checksum;
};

static void process_image(uv_work_t *req)
{
    struct image *img = req->data;
    uint64_t acc = 0;
    for (size_t i = 0; i < IMAGE_BYTES; i++)
        acc = acc * 1099511628211u + img->bytes[i];
    img->checksum = acc;
}

static void image_processed(uv_work_t *req, int status)
{
    struct image *img = req->data;
    (void)status;
    free(img->bytes);
    img->bytes = NULL;
}

static void image_downloaded(uv_timer_t *timer)
{
    struct image *img = timer->data;
    img->bytes = malloc(IMAGE_BYTES);
    if (!img->bytes)
        abort();
    memset(img->bytes, (int)(img->id % 256), IMAGE_BYTES);
    uv_close((uv_handle_t *)timer, NULL);
    img->process.data = img;
    uv_queue_work(timer->loop, &img->process, process_image, image_processed);
}

/* Elapsed ms of the whole pipeline with downloads of download_ms. */
static double pipeline(uint64_t download_ms, uint64_t checksums[IMAGES])
{
    uv_loop_t loop;
    struct image images[IMAGES];
    uv_loop_init(&loop);
    uv_update_time(&loop);
    uint64_t start = bench_now_ns();
    for (unsigned id = 0; id < IMAGES; id++) {
        images[id] = (struct image){.id = id};
        images[id].download.data = &images[id];
        uv_timer_init(&loop, &images[id].download);
        uv_timer_start(&images[id].download, image_downloaded, download_ms, 0);
    }
    uv_run(&loop, UV_RUN_DEFAULT);
    double ms = bench_ms_since(start);
    if (uv_loop_close(&loop) != 0) {
        fprintf(stderr, "pipeline: a handle was left open\n");
        exit(1);
    }
    for (unsigned id = 0; id < IMAGES; id++)
        checksums[id] = images[id].checksum;
    return ms;
}

/* The middle of n values; sorts them. */
static double median(double *v, int n)
{
    return bench_percentile(v, (size_t)n, 50);
}

int main(int argc, char **argv)
{
    int reps = bench_reps(argc, argv);
    uint64_t alone_sums[IMAGES], full_sums[IMAGES];
    /* Starts the thread pool, so that neither measured run pays for it. */
    pipeline(0, alone_sums);
    for (int r = 0; r < reps; r++) {
        /* The processing is only a few ms, so one preemption by a neighbour is as long
           as the whole of it: a repetition takes the median of PAIRS interleaved runs. */
        double alone[PAIRS], full[PAIRS];
        for (int i = 0; i < PAIRS; i++) {
            alone[i] = pipeline(0, alone_sums);
            full[i] = pipeline(DOWNLOAD_MS, full_sums);
            if (memcmp(alone_sums, full_sums, sizeof alone_sums) != 0) {
                fprintf(stderr, "pipeline: the checksums differ\n");
                return 1;
            }
        }
        double a = median(alone, PAIRS), f = median(full, PAIRS);
        bench_emit("pipeline_processing_ms", a);
        bench_emit("pipeline_elapsed_ms", f);
        bench_emit("pipeline_overhead_ms", f - (DOWNLOAD_MS + a));
    }
    return 0;
}
