/*
 * sockets_ratio: lesson 09's three requests in flight over TCP against one request.
 *
 * The lesson's shape, reduced to what is timed: a server on 127.0.0.1 (port 0) whose
 * backend answers each request line after 100 ms, and N clients on the same loop that
 * connect, send a line and wait for the answer. One request takes 100 ms and a little
 * (a connection, a few syscalls); if the loop really keeps three in flight, three take
 * the same. Both are measured here, one right after the other, on a fresh loop each.
 */
#include <string.h>
#include <uv.h>

#include "bench.h"

#define BACKEND_MS 100
#define MAX_CLIENTS 3

struct session {
    uv_tcp_t tcp;
    uv_timer_t backend;
    uv_write_t write;
};

struct client {
    uv_tcp_t tcp;
    uv_connect_t connect;
    uv_write_t write;
};

static uv_tcp_t server;
static int left;

static void die(const char *what, int rc)
{
    fprintf(stderr, "sockets: %s: %s\n", what, uv_strerror(rc));
    exit(1);
}

static void alloc_buffer(uv_handle_t *h, size_t size, uv_buf_t *buf)
{
    (void)h;
    (void)size;
    static char slab[256];
    *buf = uv_buf_init(slab, sizeof slab);
}

static void session_closed(uv_handle_t *h)
{
    struct session *s = h->data;
    if (h == (uv_handle_t *)&s->tcp)
        uv_close((uv_handle_t *)&s->backend, NULL);
    else
        free(s);
}

static void answered(uv_write_t *req, int status)
{
    (void)status;
    struct session *s = req->data;
    uv_close((uv_handle_t *)&s->tcp, session_closed);
}

static void backend_done(uv_timer_t *t)
{
    struct session *s = t->data;
    uv_buf_t buf = uv_buf_init("17\n", 3);
    s->write.data = s;
    uv_write(&s->write, (uv_stream_t *)&s->tcp, &buf, 1, answered);
}

/* The request is one short line; it arrives in one read on 127.0.0.1. */
static void server_read(uv_stream_t *st, ssize_t n, const uv_buf_t *buf)
{
    struct session *s = st->data;
    if (n < 0) {
        uv_close((uv_handle_t *)&s->tcp, session_closed);
        return;
    }
    if (n > 0 && memchr(buf->base, '\n', (size_t)n)) {
        uv_read_stop(st);
        uv_timer_start(&s->backend, backend_done, BACKEND_MS, 0);
    }
}

static void on_connection(uv_stream_t *l, int status)
{
    if (status < 0)
        die("accept", status);
    struct session *s = calloc(1, sizeof *s);
    uv_tcp_init(l->loop, &s->tcp);
    uv_timer_init(l->loop, &s->backend);
    s->tcp.data = s->backend.data = s;
    uv_accept(l, (uv_stream_t *)&s->tcp);
    uv_read_start((uv_stream_t *)&s->tcp, alloc_buffer, server_read);
}

static void client_closed(uv_handle_t *h)
{
    (void)h;
    if (--left == 0)
        uv_close((uv_handle_t *)&server, NULL);
}

static void client_read(uv_stream_t *st, ssize_t n, const uv_buf_t *buf)
{
    if (n == 0 || (n > 0 && !memchr(buf->base, '\n', (size_t)n)))
        return;
    if (n < 0)
        die("the answer", (int)n);
    uv_close((uv_handle_t *)st, client_closed);
}

static void sent(uv_write_t *req, int status)
{
    (void)req;
    if (status < 0)
        die("write", status);
}

static void connected(uv_connect_t *req, int status)
{
    struct client *c = req->data;
    if (status < 0)
        die("connect", status);
    uv_buf_t buf = uv_buf_init("GET https://a.example\n", 22);
    uv_write(&c->write, (uv_stream_t *)&c->tcp, &buf, 1, sent);
    uv_read_start((uv_stream_t *)&c->tcp, alloc_buffer, client_read);
}

/* Elapsed ms for n requests in flight together, on a fresh loop and server. */
static double requests(int n)
{
    uv_loop_t loop;
    struct client clients[MAX_CLIENTS];
    struct sockaddr_in addr;
    int len = sizeof addr;
    uv_loop_init(&loop);
    uv_ip4_addr("127.0.0.1", 0, &addr);
    uv_tcp_init(&loop, &server);
    int rc = uv_tcp_bind(&server, (const struct sockaddr *)&addr, 0);
    if (rc == 0)
        rc = uv_listen((uv_stream_t *)&server, MAX_CLIENTS, on_connection);
    if (rc == 0)
        rc = uv_tcp_getsockname(&server, (struct sockaddr *)&addr, &len);
    if (rc < 0)
        die("listen on 127.0.0.1", rc);
    left = n;
    uv_update_time(&loop);
    uint64_t start = bench_now_ns();
    for (int i = 0; i < n; i++) {
        uv_tcp_init(&loop, &clients[i].tcp);
        clients[i].connect.data = &clients[i];
        rc = uv_tcp_connect(&clients[i].connect, &clients[i].tcp, (const struct sockaddr *)&addr,
                            connected);
        if (rc < 0)
            die("connect", rc);
    }
    uv_run(&loop, UV_RUN_DEFAULT);
    double ms = bench_ms_since(start);
    if (uv_loop_close(&loop) != 0) {
        fprintf(stderr, "sockets: a handle was left open\n");
        exit(1);
    }
    return ms;
}

int main(int argc, char **argv)
{
    int reps = bench_reps(argc, argv);
    for (int r = 0; r < reps; r++) {
        double one = requests(1);
        double three = requests(3);
        bench_emit("sockets_one_ms", one);
        bench_emit("sockets_three_ms", three);
        bench_emit("sockets_ratio", three / one);
    }
    return 0;
}
