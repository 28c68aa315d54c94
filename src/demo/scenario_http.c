/* scenario_http.c - the lesson's slide "Couche réseau exemple HTTP": a small HTTP/1.1 server (the
 * server actor) answers a browser-like GET for /index.html on loopback. Its answer is worked out
 * from the request it received (RFC 9112's request line and header fields), as a server does. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "coordinator.h"

static const char page_index[] =
    "<!DOCTYPE html>\n"
    "<html><head><title>stackscope</title></head>\n"
    "<body><h1>Bonjour !</h1><p>Cette page est venue par HTTP, dans TCP, dans IP.</p></body>"
    "</html>\n";

static const char page_error[] = "<!DOCTYPE html>\n<html><body><h1>%d %s</h1></body></html>\n";

/* tchar (RFC 9110 5.6.2): what a method or a header name is made of. */
static bool is_tchar(uint8_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c != 0 && strchr("!#$%&'*+-.^_`|~", c));
}

/* The length of the token at p[0..n), 0 when there is none. */
static size_t token_len(const uint8_t *p, size_t n)
{
    size_t k = 0;
    while (k < n && is_tchar(p[k]))
        k++;
    return k;
}

/* Where "\r\n\r\n" ends the head in p[0..n): the offset just after it, 0 when not there yet. */
static size_t head_end(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i + 4 <= n; i++)
        if (!memcmp(p + i, "\r\n\r\n", 4))
            return i + 4;
    return 0;
}

/* What the request asks, read from its head p[0..n) (which ends with "\r\n\r\n"). */
struct http_request {
    bool valid;         /* request line and header fields well formed */
    bool get;           /* method GET */
    bool index;         /* target "/" or "/index.html" */
    bool has_host;      /* a Host field (HTTP/1.1 requires one) */
    int minor;          /* HTTP/1.minor */
};

/* The request line: method SP request-target SP HTTP/1.d CRLF. Returns its length, 0 when it is
 * not one. */
static size_t request_line(const uint8_t *p, size_t n, struct http_request *r)
{
    size_t m = token_len(p, n);
    if (m == 0 || m >= n || p[m] != ' ')
        return 0;
    r->get = m == 3 && !memcmp(p, "GET", 3);
    size_t t = m + 1, e = t;
    while (e < n && p[e] > ' ' && p[e] < 0x7f)
        e++;
    if (e == t || e >= n || p[e] != ' ')
        return 0;
    r->index = (e - t == 1 && p[t] == '/') || (e - t == 11 && !memcmp(p + t, "/index.html", 11));
    size_t v = e + 1;
    if (n - v < 10 || memcmp(p + v, "HTTP/1.", 7) || p[v + 7] < '0' || p[v + 7] > '9' ||
        memcmp(p + v + 8, "\r\n", 2))
        return 0;
    r->minor = p[v + 7] - '0';
    return v + 10;
}

/* The header fields: name ":" value CRLF each, until the empty line. */
static bool header_fields(const uint8_t *p, size_t n, struct http_request *r)
{
    size_t i = 0;
    while (i + 2 <= n && memcmp(p + i, "\r\n", 2)) {
        size_t name = token_len(p + i, n - i);
        if (name == 0 || i + name >= n || p[i + name] != ':')
            return false;
        if (name == 4 && !strncasecmp((const char *)p + i, "host", 4))
            r->has_host = true;
        size_t e = i + name + 1;
        while (e + 1 < n && memcmp(p + e, "\r\n", 2))
            e++;
        if (e + 1 >= n)
            return false;
        i = e + 2;
    }
    return i + 2 <= n;
}

static struct http_request parse_request(const uint8_t *p, size_t n)
{
    struct http_request r = {0};
    size_t line = request_line(p, n, &r);
    r.valid = line > 0 && header_fields(p + line, n - line, &r) && (r.minor == 0 || r.has_host);
    return r;
}

/* A whole answer: status line, the header fields every answer of this server has, the body. */
static size_t answer(char *out, size_t n, int status, const char *reason, const char *body)
{
    int k = snprintf(out, n,
                     "HTTP/1.1 %d %s\r\nContent-Type: text/html; charset=utf-8\r\n"
                     "Content-Length: %zu\r\n%sConnection: close\r\n\r\n%s",
                     status, reason, strlen(body), status == 405 ? "Allow: GET\r\n" : "", body);
    return k < 0 ? 0 : (size_t)k < n ? (size_t)k : n - 1;
}

long demo_http_answer(const uint8_t *req, size_t len, size_t max, char *out, size_t n)
{
    size_t end = head_end(req, len);
    if (end == 0 && len < max)
        return -1;
    struct http_request r = end ? parse_request(req, end) : (struct http_request){0};
    static const struct {
        int status;
        const char *reason;
    } errors[] = {{400, "Bad Request"}, {405, "Method Not Allowed"}, {404, "Not Found"}};
    int e = !r.valid ? 0 : !r.get ? 1 : !r.index ? 2 : -1;
    if (e < 0)
        return (long)answer(out, n, 200, "OK", page_index);
    char body[128];
    snprintf(body, sizeof body, page_error, errors[e].status, errors[e].reason);
    return (long)answer(out, n, errors[e].status, errors[e].reason, body);
}

/* The server reads until the request's head is whole (one recv on loopback), then answers. */
static long serve(struct demo *d, struct actor *s, char *out, size_t n)
{
    uint8_t head[2048];
    size_t got = 0;
    long len = -1;
    demo_finish(d, s); /* the recv(2048) made before the client sent */
    while (!d->failed && s->result > 0) {
        size_t take = s->received_len < sizeof head - got ? s->received_len : sizeof head - got;
        memcpy(head + got, s->received, take);
        got += take;
        len = demo_http_answer(head, got, sizeof head, out, n);
        if (len >= 0)
            break;
        demo_call(d, s, CALL_RECV, 2048, NULL, 0);
    }
    return len;
}

void scenario_http(struct demo *d, struct demo_cast *cast)
{
    struct actor *s = &cast->server, *c = &cast->client;
    char request[160], response[1024];
    snprintf(request, sizeof request,
             "GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nUser-Agent: stackscope-demo\r\n"
             "Accept: text/html\r\nConnection: close\r\n\r\n",
             d->port);
    demo_server_setup(d, s, 1);
    demo_connect_and_accept(d, s, c);
    demo_begin(d, s, CALL_RECV, 2048);
    demo_call(d, c, CALL_SENDALL, 0, request, strlen(request));
    long len = serve(d, s, response, sizeof response);
    if (len < 0 && !d->failed) {
        d->failed = 1;
        snprintf(d->err, sizeof d->err, "the HTTP server's recv ended before the request's head");
    }
    demo_begin(d, c, CALL_RECV, 2048);
    demo_call(d, s, CALL_SENDALL, 0, response, (size_t)(len > 0 ? len : 0));
    demo_finish(d, c);
    /* Connection: close: the server closes first, as HTTP/1.1 servers do then. */
    demo_call(d, s, CALL_CLOSE, 0, NULL, 0);
    demo_call(d, c, CALL_CLOSE, 0, NULL, 0);
    demo_call(d, s, CALL_CLOSE, 1, NULL, 0);
}
