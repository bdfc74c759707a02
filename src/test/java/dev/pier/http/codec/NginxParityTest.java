package dev.pier.http.codec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.pier.http.codec.Http1DecodeError.CONNECT_METHOD;
import static dev.pier.http.codec.Http1DecodeError.CONTENT_LENGTH_AND_TRANSFER_ENCODING;
import static dev.pier.http.codec.Http1DecodeError.DUPLICATE_HEADER_LINE;
import static dev.pier.http.codec.Http1DecodeError.DUPLICATE_HOST;
import static dev.pier.http.codec.Http1DecodeError.INVALID_09_METHOD;
import static dev.pier.http.codec.Http1DecodeError.INVALID_CHUNKED_BODY;
import static dev.pier.http.codec.Http1DecodeError.INVALID_CONTENT_LENGTH;
import static dev.pier.http.codec.Http1DecodeError.INVALID_HEADER_LINE;
import static dev.pier.http.codec.Http1DecodeError.INVALID_HOST;
import static dev.pier.http.codec.Http1DecodeError.INVALID_HOST_IN_REQUEST_LINE;
import static dev.pier.http.codec.Http1DecodeError.INVALID_METHOD;
import static dev.pier.http.codec.Http1DecodeError.INVALID_REQUEST;
import static dev.pier.http.codec.Http1DecodeError.INVALID_VERSION;
import static dev.pier.http.codec.Http1DecodeError.MISSING_HOST;
import static dev.pier.http.codec.Http1DecodeError.TRACE_METHOD;
import static dev.pier.http.codec.Http1DecodeError.TRANSFER_ENCODING_IN_HTTP_10;
import static dev.pier.http.codec.Http1DecodeError.UNKNOWN_TRANSFER_ENCODING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Requests and the answer nginx 1.22.1 (Debian) gave each of them, sent as raw bytes to a loopback nginx
 * with {@code location / { return 200 ...; }} and a proxied location that reads the body. Every refused
 * request here also made nginx close the connection.
 */
class NginxParityTest {

    private static final String GET = "GET / HTTP/1.1\r\nHost: a\r\n";
    private static final String POST = "POST / HTTP/1.1\r\nHost: a\r\n";
    private static final String CHUNKED = POST + "Transfer-Encoding: chunked\r\n\r\n";
    private static final String NEXT = "GET /next HTTP/1.1\r\nHost: a\r\n\r\n";

    static Stream<Arguments> refused() {
        return Stream.of(
                // request line
                refused("space before the method", " GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_METHOD),
                refused("lowercase method", "get / HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_METHOD),
                refused("digit in method", "M1 / HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_METHOD),
                refused("tab after method", "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_METHOD),
                refused("space inside the method", "G ET / HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("NUL in target", "GET /a\u0000b HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("control byte in target", "GET /a\u0001b HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("DEL in target", "GET /a\u007fb HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("tab in target", "GET /a\tb HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("control byte in query", "GET /?a\u0001 HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("bare CR ends the request line", "GET / HTTP/1.1\rHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("CR CR LF ends the request line", "GET / HTTP/1.1\r\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505, INVALID_VERSION),
                refused("HTTP/10.1", "GET / HTTP/10.1\r\nHost: a\r\n\r\n", 505, INVALID_VERSION),
                refused("HTTP/01.1", "GET / HTTP/01.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("HTTP/0.9 spelled out", "GET / HTTP/0.9\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("HTTP/1.1000", "GET / HTTP/1.1000\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("HTTP/1.", "GET / HTTP/1.\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("HTTP/1", "GET / HTTP/1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("lowercase http/1.1", "GET / http/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("ICE/1.0", "GET / ICE/1.0\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("space inside the target", "GET /foo bar/ HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("HTTP/0.9 POST", "POST /\r\n", 400, INVALID_09_METHOD),
                refused("HTTP/0.9 HEAD", "HEAD /\r\n", 400, INVALID_09_METHOD),
                refused("asterisk target", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("target without slash", "GET a HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("CONNECT authority", "CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("PRI of HTTP/2", "PRI * HTTP/1.1\r\n\r\nSM\r\n\r\n", 400, INVALID_REQUEST),
                // absolute targets
                refused("userinfo in absolute target", "GET http://u@h/x HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("underscore in absolute host", "GET http://a_b/x HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("schema without slashes", "GET http: HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("schema starting with a digit", "GET 2http://a/ HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("unclosed IP literal", "GET http://[::1/x HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("space in IP literal", "GET http://[a b]/x HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("CR right after absolute host", "GET http://example.com\r\n", 400, INVALID_REQUEST),
                refused("'..' in absolute host", "GET http://a..b/x HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_HOST_IN_REQUEST_LINE),
                refused("empty absolute host", "GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_HOST_IN_REQUEST_LINE),
                refused("absolute target without Host", "GET http://e.com/x HTTP/1.1\r\n\r\n", 400, MISSING_HOST),
                refused("absolute target and bad Host", "GET http://e.com/x HTTP/1.1\r\nHost: a/b\r\n\r\n", 400, INVALID_HOST),
                // paths nginx cannot normalize (ngx_http_parse_complex_uri)
                refused("'..' above the root", "GET /../x HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("'/..' alone", "GET /.. HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("'..' twice above the root", "GET /a/../../b HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("'//..' with merged slashes", "GET //../a HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("escaped dots above the root", "GET /%2e%2e/a HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("bad escape", "GET /%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("escaped NUL", "GET /%00 HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("truncated escape", "GET /a% HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("half an escape", "GET /a%2 HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                refused("escaped '#' then '..'", "GET /a%23/../.. HTTP/1.1\r\nHost: a\r\n\r\n", 400, INVALID_REQUEST),
                // header lines
                refused("obs-fold with a space", GET + "X: a\r\n b\r\n\r\n", 400, INVALID_HEADER_LINE),
                refused("obs-fold with a tab", GET + "X: a\r\n\tb\r\n\r\n", 400, INVALID_HEADER_LINE),
                refused("space before the first header", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400, INVALID_HEADER_LINE),
                refused("space before the colon", GET + "Connection : close\r\n\r\n", 400, INVALID_HEADER_LINE),
                refused("space inside a name", GET + "X Y: z\r\n\r\n", 400, INVALID_HEADER_LINE),
                refused("name starting with a colon", GET + ": z\r\n\r\n", 400, INVALID_HEADER_LINE),
                refused("DEL in a name", GET + "X\u007fY: z\r\n\r\n", 400, INVALID_HEADER_LINE),
                refused("NUL in a name", GET + "X\u0000Y: z\r\n\r\n", 400, INVALID_HEADER_LINE),
                refused("NUL starting a line", GET + "\u0000Y: z\r\n\r\n", 400, INVALID_HEADER_LINE),
                refused("control byte in a name", GET + "Foo\u0001test: Bar\r\n\r\n", 400, INVALID_HEADER_LINE),
                refused("NUL in a value", GET + "X: a\u0000b\r\n\r\n", 400, INVALID_HEADER_LINE),
                refused("bare CR in a value", GET + "X: a\rb\r\n\r\n", 400, INVALID_HEADER_LINE),
                refused("bare CR ends the head", GET + "\rX\r\n\r\n", 400, INVALID_HEADER_LINE),
                refused("CR CR LF ends the head", GET + "\r\r\n", 400, INVALID_HEADER_LINE),
                refused("CR inside a name", GET + "Content\rLength: 3\r\n\r\nabc", 400, INVALID_HEADER_LINE),
                // Host
                refused("HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n", 400, MISSING_HOST),
                refused("HTTP/1.2 without Host", "GET / HTTP/1.2\r\n\r\n", 400, MISSING_HOST),
                refused("Host name with underscore ignored", "GET / HTTP/1.1\r\nHo_st: a\r\n\r\n", 400, MISSING_HOST),
                refused("duplicate Host", GET + "Host: a\r\n\r\n", 400, DUPLICATE_HOST),
                refused("duplicate Host in other case", GET + "hOST: b\r\n\r\n", 400, DUPLICATE_HOST),
                refused("empty Host", "GET / HTTP/1.1\r\nHost:\r\n\r\n", 400, INVALID_HOST),
                refused("Host without colon", "GET / HTTP/1.1\r\nHost\r\n\r\n", 400, INVALID_HOST),
                refused("Host with slash", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400, INVALID_HOST),
                refused("Host with '..'", "GET / HTTP/1.1\r\nHost: a..b\r\n\r\n", 400, INVALID_HOST),
                refused("Host with space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400, INVALID_HOST),
                refused("Host with control byte", "GET / HTTP/1.1\r\nHost: a\u0001b\r\n\r\n", 400, INVALID_HOST),
                refused("Host with tab", "GET / HTTP/1.1\r\nHost:\ta\r\n\r\n", 400, INVALID_HOST),
                refused("Host of only a port", "GET / HTTP/1.1\r\nHost: :80\r\n\r\n", 400, INVALID_HOST),
                refused("Host of only a dot", "GET / HTTP/1.1\r\nHost: .\r\n\r\n", 400, INVALID_HOST),
                refused("Host IP literal with slash", "GET / HTTP/1.1\r\nHost: [a/b]\r\n\r\n", 400, INVALID_HOST),
                // headers nginx takes once
                refused("duplicate Content-Length, same value", POST + "Content-Length: 1\r\nContent-Length: 1\r\n\r\nx", 400, DUPLICATE_HEADER_LINE),
                refused("duplicate Content-Length, other value", POST + "Content-Length: 1\r\ncontent-length: 2\r\n\r\nxx", 400, DUPLICATE_HEADER_LINE),
                refused("duplicate Transfer-Encoding", POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, DUPLICATE_HEADER_LINE),
                refused("chunked then gzip", POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n", 400, DUPLICATE_HEADER_LINE),
                refused("gzip then chunked", POST + "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n", 400, DUPLICATE_HEADER_LINE),
                refused("duplicate If-Modified-Since", GET + "If-Modified-Since: x\r\nIf-Modified-Since: y\r\n\r\n", 400, DUPLICATE_HEADER_LINE),
                refused("duplicate If-Unmodified-Since", GET + "If-Unmodified-Since: x\r\nIf-Unmodified-Since: y\r\n\r\n", 400, DUPLICATE_HEADER_LINE),
                refused("duplicate If-Match", GET + "If-Match: x\r\nIf-Match: y\r\n\r\n", 400, DUPLICATE_HEADER_LINE),
                refused("duplicate If-None-Match", GET + "If-None-Match: x\r\nIf-None-Match: y\r\n\r\n", 400, DUPLICATE_HEADER_LINE),
                refused("duplicate If-Range", GET + "If-Range: x\r\nIf-Range: y\r\n\r\n", 400, DUPLICATE_HEADER_LINE),
                refused("duplicate Content-Range", GET + "Content-Range: x\r\nContent-Range: y\r\n\r\n", 400, DUPLICATE_HEADER_LINE),
                refused("duplicate Expect", GET + "Expect: x\r\nExpect: y\r\n\r\n", 400, DUPLICATE_HEADER_LINE),
                refused("duplicate Authorization", GET + "Authorization: x\r\nAuthorization: y\r\n\r\n", 400, DUPLICATE_HEADER_LINE),
                // Content-Length
                refused("Content-Length +5", POST + "Content-Length: +5\r\n\r\nxxxxx", 400, INVALID_CONTENT_LENGTH),
                refused("Content-Length -1", POST + "Content-Length: -1\r\n\r\n", 400, INVALID_CONTENT_LENGTH),
                refused("Content-Length 5 5", POST + "Content-Length: 5 5\r\n\r\nxxxxx", 400, INVALID_CONTENT_LENGTH),
                refused("Content-Length 5,5", POST + "Content-Length: 5,5\r\n\r\nxxxxx", 400, INVALID_CONTENT_LENGTH),
                refused("Content-Length 0x5", POST + "Content-Length: 0x5\r\n\r\nxxxxx", 400, INVALID_CONTENT_LENGTH),
                refused("Content-Length with tabs", POST + "Content-Length:\t1\t\r\n\r\nx", 400, INVALID_CONTENT_LENGTH),
                refused("empty Content-Length", POST + "Content-Length:\r\n\r\n", 400, INVALID_CONTENT_LENGTH),
                refused("blank Content-Length", POST + "Content-Length:   \r\n\r\n", 400, INVALID_CONTENT_LENGTH),
                refused("Content-Length without colon", POST + "Content-Length\r\n\r\n", 400, INVALID_CONTENT_LENGTH),
                refused("Content-Length 2^63", POST + "Content-Length: 9223372036854775808\r\n\r\n", 400, INVALID_CONTENT_LENGTH),
                refused("Content-Length 10^20", POST + "Content-Length: 99999999999999999999\r\n\r\n", 400, INVALID_CONTENT_LENGTH),
                refused("bad Content-Length before unknown coding", POST + "Content-Length: abc\r\nTransfer-Encoding: gzip\r\n\r\n", 400, INVALID_CONTENT_LENGTH),
                // Transfer-Encoding
                refused("Content-Length and Transfer-Encoding", POST + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, CONTENT_LENGTH_AND_TRANSFER_ENCODING),
                refused("Transfer-Encoding and Content-Length", POST + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", 400, CONTENT_LENGTH_AND_TRANSFER_ENCODING),
                refused("chunked, chunked", POST + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 501, UNKNOWN_TRANSFER_ENCODING),
                refused("gzip", POST + "Transfer-Encoding: gzip\r\n\r\n", 501, UNKNOWN_TRANSFER_ENCODING),
                refused("gzip, chunked", POST + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501, UNKNOWN_TRANSFER_ENCODING),
                refused("identity", POST + "Transfer-Encoding: identity\r\n\r\n", 501, UNKNOWN_TRANSFER_ENCODING),
                refused("identity with Content-Length", POST + "Content-Length: 1\r\nTransfer-Encoding: identity\r\n\r\n", 501, UNKNOWN_TRANSFER_ENCODING),
                refused("empty Transfer-Encoding", POST + "Transfer-Encoding:\r\n\r\n", 501, UNKNOWN_TRANSFER_ENCODING),
                refused("tab before chunked", POST + "Transfer-Encoding:\tchunked\r\n\r\n0\r\n\r\n", 501, UNKNOWN_TRANSFER_ENCODING),
                refused("tab after chunked", POST + "Transfer-Encoding: chunked\t\r\n\r\n0\r\n\r\n", 501, UNKNOWN_TRANSFER_ENCODING),
                refused("control byte after chunked", POST + "Transfer-Encoding: chunked\u0001\r\n\r\n0\r\n\r\n", 501, UNKNOWN_TRANSFER_ENCODING),
                refused("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, TRANSFER_ENCODING_IN_HTTP_10),
                refused("Transfer-Encoding without Host", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 400, MISSING_HOST),
                // methods nginx refuses once the head is read
                refused("TRACE", "TRACE / HTTP/1.1\r\nHost: a\r\n\r\n" + NEXT, 405, TRACE_METHOD),
                refused("CONNECT with a path", "CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n", 405, CONNECT_METHOD),
                refused("TRACE with a bad Content-Length", "TRACE / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n", 400, INVALID_CONTENT_LENGTH),
                // chunked bodies (nginx answers once it reads the body)
                refused("chunk size zz", CHUNKED + "zz\r\nhello\r\n0\r\n\r\n" + NEXT, 400, INVALID_CHUNKED_BODY),
                refused("negative chunk size", CHUNKED + "-1\r\nhello\r\n0\r\n\r\n" + NEXT, 400, INVALID_CHUNKED_BODY),
                refused("chunk size 0x5", CHUNKED + "0x5\r\nhello\r\n0\r\n\r\n" + NEXT, 400, INVALID_CHUNKED_BODY),
                refused("chunk size of 16 f", CHUNKED + "ffffffffffffffff\r\nhello\r\n0\r\n\r\n" + NEXT, 400, INVALID_CHUNKED_BODY),
                refused("chunk size 2^63-1", CHUNKED + "7fffffffffffffff\r\nhello\r\n0\r\n\r\n" + NEXT, 400, INVALID_CHUNKED_BODY),
                refused("chunk size 2^60-1", CHUNKED + "0fffffffffffffff\r\nhello\r\n0\r\n\r\n" + NEXT, 400, INVALID_CHUNKED_BODY),
                refused("space before chunk size", CHUNKED + " 5\r\nhello\r\n0\r\n\r\n" + NEXT, 400, INVALID_CHUNKED_BODY),
                refused("empty chunk size", CHUNKED + "\r\nhello\r\n0\r\n\r\n" + NEXT, 400, INVALID_CHUNKED_BODY),
                refused("no CRLF after chunk data", CHUNKED + "5\r\nhelloX\r\n0\r\n\r\n" + NEXT, 400, INVALID_CHUNKED_BODY),
                refused("chunk data longer than its size", CHUNKED + "3\r\nhello\r\n0\r\n\r\n" + NEXT, 400, INVALID_CHUNKED_BODY),
                refused("CR CR after chunk data", CHUNKED + "5\r\nhello\r\r\n0\r\n\r\n" + NEXT, 400, INVALID_CHUNKED_BODY),
                refused("bare CR in chunk extension", CHUNKED + "5;a\rb\r\nhello\r\n0\r\n\r\n" + NEXT, 400, INVALID_CHUNKED_BODY),
                refused("bare CR in a trailer", CHUNKED + "5\r\nhello\r\n0\r\nX: 1\rY\r\n\r\n" + NEXT, 400, INVALID_CHUNKED_BODY),
                refused("CR after chunk size then data", CHUNKED + "5\r\r;ABCD\r\n34\r\nE\r\n0\r\n\r\n", 400, INVALID_CHUNKED_BODY),
                refused("missing last chunk", CHUNKED + "3\r\nfoo\r\n\r\n", 400, INVALID_CHUNKED_BODY),
                refused("chunk parameters with LF", CHUNKED + "3 \n  \r\nfoo\r\n", 400, INVALID_CHUNKED_BODY));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                accepted("empty lines before the request", "\r\n\r\n\n" + GET + "\r\n", 1, ""),
                accepted("bare LF line ends", "GET / HTTP/1.1\nHost: a\n\n", 1, ""),
                accepted("header line ending in CR CR LF", GET + "X: a\r\r\n\r\n", 1, ""),
                accepted("8-bit bytes in target", "GET /a\u00ffb HTTP/1.1\r\nHost: a\r\n\r\n", 1, ""),
                accepted("control bytes in a value", GET + "X: \u0001a\u007fb\u000c\r\n\r\n", 1, ""),
                accepted("8-bit bytes in Host", "GET / HTTP/1.1\r\nHost: \u00e9\r\n\r\n", 1, ""),
                accepted("backslash and '@' in Host", "GET / HTTP/1.1\r\nHost: u@a\\b\r\n\r\n", 1, ""),
                accepted("Host with trailing dot", "GET / HTTP/1.1\r\nHost: a.\r\n\r\n", 1, ""),
                accepted("Host IP literal", "GET / HTTP/1.1\r\nHost: [::1]:80\r\n\r\n", 1, ""),
                accepted("method of '_' and '-'", "M_-X / HTTP/1.1\r\nHost: a\r\n\r\n", 1, ""),
                accepted("method of 2000 letters", "A".repeat(2000) + " / HTTP/1.1\r\nHost: a\r\n\r\n", 1, ""),
                accepted("ANNOUNCE over HTTP/1.0", "ANNOUNCE /m HTTP/1.0\r\n\r\n", 1, ""),
                accepted("HTTP/1.2", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", 1, ""),
                accepted("HTTP/1.10", "GET / HTTP/1.10\r\nHost: a\r\n\r\n", 1, ""),
                accepted("spaces after the version", "GET / HTTP/1.1  \r\nHost: a\r\n\r\n", 1, ""),
                accepted("spaces around the target", "GET  /  HTTP/1.1\r\nHost: a\r\n\r\n", 1, ""),
                accepted("HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n", 1, ""),
                accepted("'#' in target", "GET /a#/../.. HTTP/1.1\r\nHost: a\r\n\r\n", 1, ""),
                accepted("bad escape in the query", "GET /a?%zz HTTP/1.1\r\nHost: a\r\n\r\n", 1, ""),
                accepted("'//' in path", "GET //a HTTP/1.1\r\nHost: a\r\n\r\n", 1, ""),
                accepted("escaped slash and dots", "GET /a/%2e%2e/b/./c HTTP/1.1\r\nHost: a\r\n\r\n", 1, ""),
                accepted("scheme with digits", "GET h2tp://a/ HTTP/1.1\r\nHost: a\r\n\r\n", 1, ""),
                accepted("ftp scheme", "GET ftp://example.com/x HTTP/1.1\r\nHost: a\r\n\r\n", 1, ""),
                accepted("absolute target with empty port", "GET http://e.com:/ HTTP/1.1\r\nHost: a\r\n\r\n", 1, ""),
                accepted("absolute target with trailing dot", "GET http://e.com./ HTTP/1.1\r\nHost: a\r\n\r\n", 1, ""),
                accepted("header without colon", GET + "Foo\r\n\r\n", 1, ""),
                accepted("invalid names ignored", GET + "X@Y: z\r\n_X: z\r\nX\u00c3\u00a9: z\r\n\r\n", 1, ""),
                accepted("non-unique headers repeated", GET + "Range: a\r\nRange: b\r\nCookie: a\r\nCookie: b\r\n"
                        + "User-Agent: a\r\nUser-Agent: b\r\nTE: a\r\nTE: b\r\nConnection: x\r\nConnection: y\r\n\r\n", 1, ""),
                accepted("CHUNKED in capitals", POST + "Transfer-Encoding: CHUNKED\r\n\r\n0\r\n\r\n", 1, ""),
                accepted("Content-Length with trailing spaces", POST + "Content-Length: 5  \r\n\r\nhello", 1, "hello"),
                accepted("Content-Length 05", POST + "Content-Length: 05\r\n\r\nhello", 1, "hello"),
                accepted("Expect: 100-continue", POST + "Expect: 100-continue\r\nContent-Length: 1\r\n\r\nx", 1, "x"),
                // chunked bodies nginx 1.22.1 reads
                accepted("chunk extensions", CHUNKED + "5;a=b\r\nhello\r\n0;x\r\n\r\n" + NEXT, 2, "hello"),
                accepted("quoted chunk extension", CHUNKED + "5;a=\"b c\"\r\nhello\r\n0\r\n\r\n" + NEXT, 2, "hello"),
                accepted("chunk extension of control bytes", CHUNKED + "5;\u0001\r\nhello\r\n0\r\n\r\n" + NEXT, 2, "hello"),
                accepted("empty chunk extension", CHUNKED + "5;\r\nhello\r\n0;\r\n\r\n" + NEXT, 2, "hello"),
                accepted("space or tab after chunk size", CHUNKED + "5 \r\nhello\r\n5\t\r\nhello\r\n0\r\n\r\n" + NEXT, 2, "hellohello"),
                accepted("words after chunk size", CHUNKED + "5 5\r\nhello\r\n0 rrrr\r\n\r\n" + NEXT, 2, "hello"),
                accepted("trailers", CHUNKED + "5\r\nhello\r\n0\r\nX-T: 1\r\nY: 2\r\n\r\n" + NEXT, 2, "hello"),
                accepted("folded trailer", CHUNKED + "5\r\nhello\r\n0\r\nX: 1\r\n y\r\n\r\n" + NEXT, 2, "hello"),
                accepted("garbage trailer", CHUNKED + "5\r\nhello\r\n0\r\n\u0001\u0002\r\n\r\n" + NEXT, 2, "hello"),
                accepted("leading zeros in chunk size", CHUNKED + "00000000000000000005\r\nhello\r\n000\r\n\r\n" + NEXT, 2, "hello"),
                accepted("uppercase chunk size", CHUNKED + "A\r\nhellohello\r\n0\r\n\r\n" + NEXT, 2, "hellohello"),
                accepted("LF after chunk size", CHUNKED + "5\nhello\r\n0\r\n\r\n" + NEXT, 2, "hello"),
                accepted("LF after chunk data", CHUNKED + "5\r\nhello\n0\r\n\r\n" + NEXT, 2, "hello"),
                accepted("LF after last chunk", CHUNKED + "5\r\nhello\r\n0\n\r\n" + NEXT, 2, "hello"),
                accepted("LF ends the trailers", CHUNKED + "5\r\nhello\r\n0\r\n\n" + NEXT, 2, "hello"),
                accepted("LF in chunk extension", CHUNKED + "5;a\nhello\r\n0\r\n\r\n" + NEXT, 2, "hello"),
                accepted("LF after a trailer", CHUNKED + "5\r\nhello\r\n0\r\nX: 1\n\r\n" + NEXT, 2, "hello"),
                accepted("no chunks", CHUNKED + "0\r\n\r\n" + NEXT, 2, ""));
    }

    private static Arguments refused(String name, String input, int status, String reason) {
        return arguments(name, input, status, reason);
    }

    private static Arguments accepted(String name, String input, int complete, String firstBody) {
        return arguments(name, input, complete, firstBody);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("refused")
    void refusesAsNginxDoes(String name, String input, int status, String reason) {
        final var whole = DecoderRun.defaults().whole(input);
        assertThat(whole.error()).as(name).isNotNull();
        assertThat(whole.error().status()).as(name).isEqualTo(status);
        assertThat(whole.error().reason()).as(name).isEqualTo(reason);
        final boolean inBody = reason.equals(INVALID_CHUNKED_BODY);
        assertThat(whole.requests()).as(name).hasSize(inBody ? 1 : 0);
        if (inBody) {
            assertThat(whole.first().complete()).isFalse();
        }
        assertThat(DecoderRun.defaults().byteByByte(DecoderRun.bytes(input))).as(name + ", byte by byte")
                .isEqualTo(whole);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptsAsNginxDoes(String name, String input, int complete, String firstBody) {
        final var whole = DecoderRun.defaults().whole(input);
        assertThat(whole.error()).as(name).isNull();
        assertThat(whole.completeCount()).as(name).isEqualTo(complete);
        assertThat(whole.requests()).as(name).hasSize(complete);
        assertThat(whole.first().bodyText()).as(name).isEqualTo(firstBody);
        final var split = DecoderRun.defaults().byteByByte(DecoderRun.bytes(input));
        assertThat(split.requests()).as(name + ", byte by byte").hasSize(complete);
        for (int i = 0; i < complete; i++) {
            assertThat(split.requests().get(i).bodyText()).isEqualTo(whole.requests().get(i).bodyText());
            assertThat(split.requests().get(i).headers()).isEqualTo(whole.requests().get(i).headers());
        }
    }
}
