package dev.maestro.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A load generator's HTTP/1.1 client for SSE streams: one kept-alive socket, a hand-written request, and a response
 * read byte by byte (chunked or not) watching for {@code event:} lines. The JDK's HttpClient spent about a third of
 * the benchmark's CPU on a 2-core machine; a load generator should leave the CPU to the server it measures.
 */
public final class SseLoadClient implements Closeable {

    /** What one stream looked like from the client. */
    public record Sample(long startNanos, long ttftNanos, int tokens, String error) {
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public SseLoadClient(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * POSTs {@code json} to {@code path} and reads the event stream to its end. TTFT is the time to the first
     * {@code event: token} line; the stream succeeds when an {@code event: done} arrives.
     */
    public Sample stream(String path, String json) {
        boolean reused = socket != null;
        Sample sample = attempt(path, json);
        if (reused && sample.error() != null && sample.error().contains("EOFException") && sample.tokens() == 0) {
            return attempt(path, json); // the server had closed the idle connection; one fresh try
        }
        return sample;
    }

    private Sample attempt(String path, String json) {
        long t0 = System.nanoTime();
        Reading r = new Reading();
        try {
            connect();
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: application/json\r\n"
                    + "Accept: text/event-stream\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            int status = Integer.parseInt(line().split(" ", 3)[1]);
            boolean chunked = false;
            boolean closing = false;
            long length = -1;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("connection:") && lower.contains("close")) {
                    closing = true;
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0; size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    scan(size, r, t0);
                    line(); // the CRLF after each chunk
                }
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used
                }
            } else if (length >= 0) {
                scan(length, r, t0);
            } else {
                throw new IOException("response without length or chunking");
            }
            if (closing) {
                close();
            }
            if (status != 200) {
                return new Sample(t0, 0, 0, "HTTP " + status);
            }
            String error = r.error != null ? r.error : !r.done ? "stream ended without done" : r.ttft < 0 ? "no token before done" : null;
            return new Sample(t0, r.ttft, r.tokens, error);
        } catch (IOException | RuntimeException e) {
            close();
            return new Sample(t0, r.ttft, r.tokens, e.toString());
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing after a failure; nothing left to do
            }
        }
        socket = null;
    }

    private static final class Reading {
        final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        long ttft = -1;
        int tokens;
        boolean done;
        boolean errorNext;
        String error;
    }

    private void connect() throws IOException {
        if (socket == null || socket.isClosed()) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }
    }

    /** Reads {@code n} body bytes, acting on each complete SSE line. */
    private void scan(long n, Reading r, long t0) throws IOException {
        for (long i = 0; i < n; i++) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside the body");
            }
            if (b != '\n') {
                r.line.write(b);
                continue;
            }
            String text = r.line.toString(StandardCharsets.UTF_8);
            r.line.reset();
            if (r.errorNext && text.startsWith("data:")) {
                r.error = "error event: " + text;
                r.errorNext = false;
            } else if (text.equals("event: token")) {
                if (r.ttft < 0) {
                    r.ttft = System.nanoTime() - t0;
                }
                r.tokens++;
            } else if (text.equals("event: done")) {
                r.done = true;
            } else if (text.equals("event: error")) {
                r.errorNext = true;
            }
        }
    }

    /** One header or chunk-size line, without its CRLF. */
    private String line() throws IOException {
        StringBuilder s = new StringBuilder(32);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            if (b != '\r') {
                s.append((char) b);
            }
        }
        return s.toString();
    }
}
