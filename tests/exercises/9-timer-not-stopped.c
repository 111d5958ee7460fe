/*
 * Known-wrong program for exercise 9: an answer that does not cancel its deadline.
 *
 * An answered request closes its socket but leaves its timer running, so at 150 ms the
 * deadline of every request fires, and the three that were answered long before are
 * reported as timed out too: the loser of the race was not cancelled.
 *
 * expect-verdict: quote 1 timed out at
 * expect-verdict: [extra line]
 * expect-exit: 1
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#define QUOTES 5
#define DEADLINE_MS 150

/* The start of the run, on the loop's clock, in milliseconds. */
static uint64_t start_ms;

/* Whole milliseconds since the start, truncated. */
static uint64_t elapsed_ms(void)
{
    return uv_hrtime() / 1000000 - start_ms;
}

/* The quote server, below: listens on 127.0.0.1 and fills in its address. */
static int server_start(uv_loop_t *loop, struct sockaddr_in *addr);

struct request {
    int k;
    uv_tcp_t tcp;
    uv_timer_t deadline;
    uv_connect_t connect;
    uv_write_t write;
    char out[32];
    char line[32];
    size_t len;
    int ended;
};

static struct request requests[QUOTES];

static void alloc_buffer(uv_handle_t *handle, size_t size, uv_buf_t *buf)
{
    (void)handle;
    (void)size;
    static char slab[256];
    *buf = uv_buf_init(slab, sizeof slab);
}

/* Ends a request, whoever won: both handles close, so the loser is cancelled. */
static void request_end(struct request *r)
{
    if (r->ended)
        return;
    r->ended = 1;
    uv_close((uv_handle_t *)&r->deadline, NULL);
    uv_close((uv_handle_t *)&r->tcp, NULL);
}

static void on_answer(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    struct request *r = stream->data;
    if (nread < 0) {
        fprintf(stderr, "quote %d: the connection ended before the answer\n", r->k);
        request_end(r);
        return;
    }
    for (ssize_t i = 0; i < nread; i++) {
        if (buf->base[i] == '\n') {
            r->line[r->len] = '\0';
            printf("quote %d = %s at %" PRIu64 " ms\n", r->k, r->line, elapsed_ms());
            r->ended = 1;
            uv_close((uv_handle_t *)&r->tcp, NULL); /* the timer is left to fire */
            return;
        }
        if (r->len + 1 < sizeof r->line)
            r->line[r->len++] = buf->base[i];
    }
}

static void on_deadline(uv_timer_t *timer)
{
    struct request *r = timer->data;
    printf("quote %d timed out at %" PRIu64 " ms\n", r->k, elapsed_ms());
    if (!r->ended) {
        r->ended = 1;
        uv_close((uv_handle_t *)&r->tcp, NULL);
    }
    uv_close((uv_handle_t *)&r->deadline, NULL);
}

static void on_written(uv_write_t *req, int status)
{
    (void)req;
    (void)status; /* a failed write ends as a failed read, or at the deadline */
}

static void on_connect(uv_connect_t *req, int status)
{
    struct request *r = req->data;
    if (status < 0)
        return; /* refused, or cancelled by request_end: the deadline has it */
    snprintf(r->out, sizeof r->out, "quote %d\n", r->k);
    uv_buf_t buf = uv_buf_init(r->out, (unsigned)strlen(r->out));
    r->write.data = r;
    uv_write(&r->write, (uv_stream_t *)&r->tcp, &buf, 1, on_written);
    uv_read_start((uv_stream_t *)&r->tcp, alloc_buffer, on_answer);
}

static void start_request(uv_loop_t *loop, int k, const struct sockaddr_in *addr)
{
    struct request *r = &requests[k - 1];
    r->k = k;
    uv_tcp_init(loop, &r->tcp);
    uv_timer_init(loop, &r->deadline);
    r->tcp.data = r->deadline.data = r->connect.data = r;
    uv_timer_start(&r->deadline, on_deadline, DEADLINE_MS, 0);
    uv_tcp_connect(&r->connect, &r->tcp, (const struct sockaddr *)addr, on_connect);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_update_time(&loop);
    start_ms = uv_now(&loop);

    struct sockaddr_in addr;
    if (server_start(&loop, &addr) < 0)
        return EXIT_FAILURE;
    for (int k = 1; k <= QUOTES; k++)
        start_request(&loop, k, &addr);

    uv_run(&loop, UV_RUN_DEFAULT);
    printf("done at %" PRIu64 " ms\n", elapsed_ms());

    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s (a handle was left open)\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

/* ======== The quote server: do not change anything below this line. ======== */

/*
 * A quote server on 127.0.0.1, on the program's own loop. Each connection sends one line,
 * `quote K` (K = 1..5), and gets one line back, a number computed from the bytes of the
 * request, after the delay its backend takes for quote K. The server keeps reading after
 * the request: a client that closes its connection before the answer has left, and the
 * backend stops working for it. Once five connections have ended it stops listening.
 * Should fewer than five ever come, it gives up after SRV_GIVE_UP_MS and says so.
 */
#define SRV_QUOTES 5
#define SRV_GIVE_UP_MS 2000

static const unsigned srv_delay_ms[SRV_QUOTES] = {40, 80, 200, 60, 400};

static uv_tcp_t srv_listener;
static uv_timer_t srv_give_up;
static int srv_sessions_ended;

struct srv_session {
    uv_tcp_t tcp;
    uv_timer_t backend;
    uv_write_t write;
    char line[64];
    size_t len;
    char answer[32];
    int closed;
};

static void srv_alloc(uv_handle_t *handle, size_t size, uv_buf_t *buf)
{
    (void)handle;
    (void)size;
    static char slab[256];
    *buf = uv_buf_init(slab, sizeof slab);
}

static void srv_stop(void)
{
    if (!uv_is_closing((uv_handle_t *)&srv_listener)) {
        uv_close((uv_handle_t *)&srv_listener, NULL);
        uv_close((uv_handle_t *)&srv_give_up, NULL);
    }
}

static void srv_session_closed(uv_handle_t *handle)
{
    struct srv_session *s = handle->data;
    if (++s->closed < 2)
        return;
    free(s);
    if (++srv_sessions_ended == SRV_QUOTES)
        srv_stop();
}

static void srv_session_end(struct srv_session *s)
{
    if (uv_is_closing((uv_handle_t *)&s->tcp))
        return;
    uv_close((uv_handle_t *)&s->backend, srv_session_closed);
    uv_close((uv_handle_t *)&s->tcp, srv_session_closed);
}

static void srv_written(uv_write_t *req, int status)
{
    (void)status;
    srv_session_end(req->data);
}

static void srv_answer(uv_timer_t *timer)
{
    struct srv_session *s = timer->data;
    uv_buf_t buf = uv_buf_init(s->answer, (unsigned)strlen(s->answer));
    s->write.data = s;
    if (uv_write(&s->write, (uv_stream_t *)&s->tcp, &buf, 1, srv_written) < 0)
        srv_session_end(s);
}

static void srv_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    struct srv_session *s = stream->data;
    if (nread < 0) { /* the client left: whatever the backend was doing is for nobody */
        srv_session_end(s);
        return;
    }
    for (ssize_t i = 0; i < nread && !s->answer[0]; i++) {
        if (buf->base[i] != '\n') {
            if (s->len + 1 < sizeof s->line)
                s->line[s->len++] = buf->base[i];
            continue;
        }
        s->line[s->len] = '\0';
        int k = 0;
        if (sscanf(s->line, "quote %d", &k) != 1 || k < 1 || k > SRV_QUOTES) {
            fprintf(stderr, "server: \"%s\" is not a request; send `quote K` with K from 1 to %d\n",
                    s->line, SRV_QUOTES);
            srv_session_end(s);
            return;
        }
        uint64_t h = 0;
        for (const char *p = s->line; *p; p++)
            h = h * 31 + (unsigned char)*p;
        snprintf(s->answer, sizeof s->answer, "%" PRIu64 "\n", h % 100000);
        uv_timer_start(&s->backend, srv_answer, srv_delay_ms[k - 1], 0);
    }
}

static void srv_accept(uv_stream_t *listener, int status)
{
    if (status < 0)
        return;
    struct srv_session *s = calloc(1, sizeof *s);
    if (!s)
        return;
    uv_tcp_init(listener->loop, &s->tcp);
    uv_timer_init(listener->loop, &s->backend);
    s->tcp.data = s->backend.data = s;
    if (uv_accept(listener, (uv_stream_t *)&s->tcp) < 0 ||
        uv_read_start((uv_stream_t *)&s->tcp, srv_alloc, srv_read) < 0)
        srv_session_end(s);
}

static void srv_gave_up(uv_timer_t *timer)
{
    (void)timer;
    fprintf(stderr, "server: only %d of %d requests ended within %d ms; stopping\n",
            srv_sessions_ended, SRV_QUOTES, SRV_GIVE_UP_MS);
    srv_stop();
}

static int server_start(uv_loop_t *loop, struct sockaddr_in *addr)
{
    int addrlen = sizeof *addr;
    uv_ip4_addr("127.0.0.1", 0, addr);
    int rc;
    if ((rc = uv_tcp_init(loop, &srv_listener)) < 0 ||
        (rc = uv_tcp_bind(&srv_listener, (const struct sockaddr *)addr, 0)) < 0 ||
        (rc = uv_listen((uv_stream_t *)&srv_listener, SRV_QUOTES, srv_accept)) < 0 ||
        (rc = uv_tcp_getsockname(&srv_listener, (struct sockaddr *)addr, &addrlen)) < 0) {
        fprintf(stderr, "server: cannot listen on 127.0.0.1: %s\n", uv_strerror(rc));
        return rc;
    }
    uv_timer_init(loop, &srv_give_up);
    uv_timer_start(&srv_give_up, srv_gave_up, SRV_GIVE_UP_MS, 0);
    uv_unref((uv_handle_t *)&srv_give_up);
    return 0;
}
