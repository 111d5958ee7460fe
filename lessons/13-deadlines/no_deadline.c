/*
 * Lesson 13, the other way: the same requests with no deadline.
 *
 * The same server and the same two requests as deadline.c: "fast" is answered after
 * 50 ms, "slow" after 300 ms. Here the client simply waits for each answer, however
 * long it takes. Nothing is wrong with any single line of it, and on a good day that
 * is fine; but the program is done only when the slowest answer is in (~300 ms), and
 * a server that never answered would keep it waiting forever. Every real network wait
 * needs a deadline: see deadline.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "knob.h"
#include "stopwatch.h"

#define NUM_REQUESTS 2
#define LINE_MAX_LEN 64

static const char *words[NUM_REQUESTS] = {"fast", "slow"};
/* The knob "slow_ms" changes the slow backend's time: workbook run 13 --set slow_ms=1000. */
static unsigned backend_ms[NUM_REQUESTS] = {50, 300};

static uint64_t start;
static uv_tcp_t server;
static int clients_done;

/* A failed libuv call ends the lesson: say which call and why. */
static void check(int rc, const char *what)
{
    if (rc < 0) {
        fprintf(stderr, "%s: %s\n", what, uv_strerror(rc));
        exit(EXIT_FAILURE);
    }
}

static void alloc_buffer(uv_handle_t *handle, size_t size, uv_buf_t *buf)
{
    (void)handle;
    (void)size;
    static char slab[4096];
    *buf = uv_buf_init(slab, sizeof slab);
}

/* Appends what arrived to line; 1 once a whole line is there, 0 not yet, -1 too long. */
static int line_add(char *line, size_t *len, const char *data, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (data[i] == '\n') {
            line[*len] = '\0';
            return 1;
        }
        if (*len + 1 >= LINE_MAX_LEN)
            return -1;
        line[(*len)++] = data[i];
    }
    return 0;
}

/* The server's answer to a word: a fold of its bytes, so the client can only print it
   if the bytes really went there and back. */
static unsigned long long fold(const char *word)
{
    unsigned long long h = 0;
    for (const char *p = word; *p; p++)
        h = h * 31 + (unsigned char)*p;
    return h;
}

/* The server's side of one connection. */
struct session {
    uv_tcp_t tcp;
    uv_timer_t backend;
    uv_write_t write;
    char line[LINE_MAX_LEN];
    size_t len;
    char answer[32];
    int answered;
};

static void session_closed(uv_handle_t *handle)
{
    struct session *s = handle->data;
    if (handle == (uv_handle_t *)&s->tcp)
        uv_close((uv_handle_t *)&s->backend, session_closed);
    else
        free(s);
}

static void answer_written(uv_write_t *req, int status)
{
    struct session *s = req->data;
    (void)status; /* the client may have hung up meanwhile: nothing more to do either way */
    uv_close((uv_handle_t *)&s->tcp, session_closed);
}

static void backend_done(uv_timer_t *timer)
{
    struct session *s = timer->data;
    uv_buf_t buf = uv_buf_init(s->answer, strlen(s->answer));
    s->answered = 1;
    s->write.data = s;
    check(uv_write(&s->write, (uv_stream_t *)&s->tcp, &buf, 1, answer_written), "server write");
}

/* The server keeps reading after the request: the end of the stream, before the answer
   went out, means the client gave up. Its backend work is then cancelled too. */
static void server_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    struct session *s = stream->data;
    if (nread < 0) {
        if (!s->answered && uv_is_active((uv_handle_t *)&s->backend)) {
            uv_timer_stop(&s->backend);
            printf("server: the client asking \"%s\" left at %llu ms; its backend work is cancelled\n",
                   s->line, (unsigned long long)stopwatch_ms(start));
        }
        if (!uv_is_closing((uv_handle_t *)&s->tcp))
            uv_close((uv_handle_t *)&s->tcp, session_closed);
        return;
    }
    if (s->answer[0] || line_add(s->line, &s->len, buf->base, (size_t)nread) == 0)
        return;
    unsigned ms = strcmp(s->line, "slow") == 0 ? backend_ms[1] : backend_ms[0];
    snprintf(s->answer, sizeof s->answer, "%llu\n", fold(s->line));
    check(uv_timer_start(&s->backend, backend_done, ms, 0), "backend timer");
}

static void server_accept(uv_stream_t *listener, int status)
{
    check(status, "accept");
    struct session *s = calloc(1, sizeof *s);
    uv_tcp_init(listener->loop, &s->tcp);
    uv_timer_init(listener->loop, &s->backend);
    s->tcp.data = s->backend.data = s;
    check(uv_accept(listener, (uv_stream_t *)&s->tcp), "accept");
    check(uv_read_start((uv_stream_t *)&s->tcp, alloc_buffer, server_read), "server read");
}

/* A client: one request, and a wait for its answer. */
struct client {
    const char *word;
    uv_tcp_t tcp;
    uv_connect_t connect;
    uv_write_t write;
    char request[LINE_MAX_LEN];
    char line[LINE_MAX_LEN];
    size_t len;
};

static void client_closed(uv_handle_t *handle)
{
    (void)handle;
    if (++clients_done == NUM_REQUESTS)
        uv_close((uv_handle_t *)&server, NULL);
}

static void client_finish(struct client *c)
{
    uv_close((uv_handle_t *)&c->tcp, client_closed);
}

/* The answer came, however long it took. */
static void client_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    struct client *c = stream->data;
    int got = nread > 0 ? line_add(c->line, &c->len, buf->base, (size_t)nread) : -1;
    if (got == 0)
        return;
    if (got == 1)
        printf("answer for %s = %s at %llu ms\n", c->word, c->line,
               (unsigned long long)stopwatch_ms(start));
    else
        fprintf(stderr, "%s: the connection ended before the answer\n", c->word);
    client_finish(c);
}

static void request_written(uv_write_t *req, int status)
{
    (void)req;
    (void)status; /* a failed write shows up as a failed read */
}

static void client_connected(uv_connect_t *req, int status)
{
    struct client *c = req->data;
    if (status < 0)
    {
        fprintf(stderr, "%s: connect: %s\n", c->word, uv_strerror(status));
        uv_close((uv_handle_t *)&c->tcp, client_closed);
        return;
    }
    snprintf(c->request, sizeof c->request, "%s\n", c->word);
    uv_buf_t buf = uv_buf_init(c->request, strlen(c->request));
    c->write.data = c;
    check(uv_write(&c->write, (uv_stream_t *)&c->tcp, &buf, 1, request_written), "client write");
    check(uv_read_start((uv_stream_t *)&c->tcp, alloc_buffer, client_read), "client read");
}

/* Starts a request and waits for its answer, with no limit on how long. */
static void client_start(uv_loop_t *loop, struct client *c, const char *word,
                         const struct sockaddr *addr)
{
    c->word = word;
    uv_tcp_init(loop, &c->tcp);
    c->tcp.data = c->connect.data = c;
    check(uv_tcp_connect(&c->connect, &c->tcp, addr, client_connected), "connect");
}

int main(void)
{
    backend_ms[1] = (unsigned)knob("slow_ms", (int)backend_ms[1]);
    setvbuf(stdout, NULL, _IOLBF, 0);

    uv_loop_t loop;
    uv_loop_init(&loop);
    start = stopwatch_start_loop(&loop);

    struct sockaddr_storage addr;
    int addrlen = sizeof addr;
    uv_ip4_addr("127.0.0.1", 0, (struct sockaddr_in *)&addr);
    uv_tcp_init(&loop, &server);
    check(uv_tcp_bind(&server, (const struct sockaddr *)&addr, 0), "bind 127.0.0.1");
    check(uv_listen((uv_stream_t *)&server, NUM_REQUESTS, server_accept), "listen");
    check(uv_tcp_getsockname(&server, (struct sockaddr *)&addr, &addrlen), "getsockname");

    struct client clients[NUM_REQUESTS] = {0};
    for (int i = 0; i < NUM_REQUESTS; i++)
        client_start(&loop, &clients[i], words[i], (const struct sockaddr *)&addr);

    uv_run(&loop, UV_RUN_DEFAULT);
    printf("done at %llu ms\n", (unsigned long long)stopwatch_ms(start));

    /* Every handle was closed, so the loop closes: nothing was left behind. */
    int rc = uv_loop_close(&loop);
    if (rc != 0) {
        fprintf(stderr, "uv_loop_close: %s\n", uv_strerror(rc));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
